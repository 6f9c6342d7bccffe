// LineChart: one or more series over a shared x axis (training time series: losses, metrics).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <gantk/foundation/error.hpp>
#include <gantk_plot/canvas.hpp>
#include <gantk_plot/axes.hpp>
#include <gantk_plot/legend.hpp>
#include <gantk_plot/theme.hpp>

namespace gantk::plot {

struct Series {
  std::string name;
  std::vector<double> x, y;      ///< equal lengths; non-finite points break the line
  std::optional<Color> color;    ///< default: the theme's colour for the series' position
};

struct LineChart {
  std::string title, subtitle;
  std::string x_label, y_label;
  std::vector<Series> series;
  int width = 640, height = 420;
  double line_width = 1.6;
  std::optional<double> x_min;   ///< start of the x axis (e.g. 0 for steps); default: the data's minimum
};

inline Image render(const LineChart& chart, const Theme& theme = {}) {
  Range xr{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}, yr = xr;
  for (const auto& s : chart.series) {
    GANTK_CHECK(s.x.size() == s.y.size(), "LineChart: series '", s.name, "' has ", s.x.size(), " x values but ",
                s.y.size(), " y values");
    for (std::size_t i = 0; i < s.x.size(); ++i)
      if (std::isfinite(s.x[i]) && std::isfinite(s.y[i])) {
        xr.lo = std::min(xr.lo, s.x[i]), xr.hi = std::max(xr.hi, s.x[i]);
        yr.lo = std::min(yr.lo, s.y[i]), yr.hi = std::max(yr.hi, s.y[i]);
      }
  }
  if (!(xr.lo <= xr.hi)) xr = {0, 1}, yr = {0, 1};  // nothing to draw: an empty frame
  if (chart.x_min && *chart.x_min < xr.hi) xr.lo = std::min(xr.lo, *chart.x_min);
  if (xr.span() <= 0) xr = xr.padded(0);
  yr = yr.padded(0.06);

  Image image(chart.width, chart.height, theme.background);
  Canvas c(image);
  int top = theme.padding;
  c.text(chart.width / 2, top, chart.title, theme.ink, theme.title_font, Align::Center);
  top += text_height(theme.title_font) + 2;
  if (!chart.subtitle.empty()) {
    c.text(chart.width / 2, top, chart.subtitle, theme.muted, theme.text_font, Align::Center);
    top += text_height(theme.text_font) + 2;
  }
  std::vector<LegendEntry> legend;
  for (std::size_t i = 0; i < chart.series.size(); ++i)
    legend.push_back({chart.series[i].name, chart.series[i].color.value_or(theme.series(i)), Marker::Line});
  if (!legend.empty()) top = draw_legend_rows(c, legend, chart.width, top, theme);
  top += 8;

  const bool xl = !chart.x_label.empty(), yl = !chart.y_label.empty();
  const int left = theme.padding + Axes::left_margin(yr, theme, yl);
  const int right = theme.padding + Axes::right_margin(xr, theme);
  const int bottom = theme.padding + Axes::bottom_margin(theme, xl);
  const Rect frame{left, top, chart.width - left - right, chart.height - top - bottom};
  GANTK_CHECK(frame.w > 20 && frame.h > 20, "LineChart: ", chart.width, " × ", chart.height,
              " pixels leave no room for the plot");
  const Axes axes(frame, xr, yr);
  axes.draw_background(c, theme);
  c.clip(frame);
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const auto& s = chart.series[i];
    const Color colour = legend[i].color;
    for (std::size_t k = 0; k + 1 < s.x.size(); ++k) {
      if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k]) || !std::isfinite(s.x[k + 1]) || !std::isfinite(s.y[k + 1]))
        continue;
      c.line(axes.px(s.x[k]), axes.py(s.y[k]), axes.px(s.x[k + 1]), axes.py(s.y[k + 1]), colour, chart.line_width);
    }
    if (s.x.size() == 1 && std::isfinite(s.y[0])) c.disc(axes.px(s.x[0]), axes.py(s.y[0]), 2.5, colour);
  }
  axes.draw_frame(c, theme, chart.x_label, chart.y_label);
  c.check("LineChart: drawing");
  return image;
}

}  // namespace gantk::plot
