// ScatterPlot: samples as points over a mixture's centres with their k·σ circles, equal aspect,
// so that a collapsed generator is visible at a glance.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gantk/foundation/error.hpp>
#include <gantk_plot/canvas.hpp>
#include <gantk_plot/axes.hpp>
#include <gantk_plot/legend.hpp>
#include <gantk_plot/theme.hpp>

namespace gantk::plot {

struct ScatterPlot {
  std::string title;      ///< first line, large
  std::string subtitle;   ///< second line, small (figures, notes)
  std::vector<double> x, y;                ///< the samples
  std::vector<double> center_x, center_y;  ///< the mixture's centres (may be empty)
  double circle_radius = 0;                ///< data units, e.g. 3σ; 0 draws no circles
  std::string samples_label = "samples";
  std::string centers_label = "centres";
  std::string x_label, y_label;
  int width = 560, height = 600;
  double point_radius = 1.6;
  double point_alpha = 0.45;   ///< translucent, so dense clusters read darker
};

namespace detail {

inline Range extent(const std::vector<double>& v) {
  Range r{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (double a : v)
    if (std::isfinite(a)) r.lo = std::min(r.lo, a), r.hi = std::max(r.hi, a);
  return r.lo <= r.hi ? r : Range{-1, 1};
}

// Widens the narrower range about its middle so both have the same span per pixel.
inline void equal_aspect(Range& x, Range& y, double frame_w, double frame_h) {
  const double per_px = std::max(x.span() / frame_w, y.span() / frame_h);
  const auto widen = [](Range& r, double span) {
    const double mid = (r.lo + r.hi) / 2;
    r = {mid - span / 2, mid + span / 2};
  };
  widen(x, per_px * frame_w);
  widen(y, per_px * frame_h);
}

}  // namespace detail

/// Draws the plot. The view is set by the centres (padded) when there are any, otherwise by the
/// samples; samples outside the view are counted in a note rather than squeezing the view.
inline Image render(const ScatterPlot& plot, const Theme& theme = {}) {
  GANTK_CHECK(plot.x.size() == plot.y.size(), "ScatterPlot: ", plot.x.size(), " x values but ", plot.y.size(),
              " y values");
  GANTK_CHECK(plot.center_x.size() == plot.center_y.size(), "ScatterPlot: ", plot.center_x.size(),
              " centre x values but ", plot.center_y.size(), " centre y values");
  Image image(plot.width, plot.height, theme.background);
  Canvas c(image);
  const Color sample_colour = theme.series(0), centre_colour = theme.series(3);

  // header: title, subtitle, legend
  int top = theme.padding;
  c.text(plot.width / 2, top, plot.title, theme.ink, theme.title_font, Align::Center);
  top += text_height(theme.title_font) + 2;
  if (!plot.subtitle.empty()) {
    c.text(plot.width / 2, top, plot.subtitle, theme.muted, theme.text_font, Align::Center);
    top += text_height(theme.text_font) + 2;
  }
  std::vector<LegendEntry> legend{{plot.samples_label, sample_colour, Marker::Dot}};
  const bool has_centres = !plot.center_x.empty();
  if (has_centres) legend.push_back({plot.centers_label, centre_colour, Marker::Target});
  top = draw_legend_rows(c, legend, plot.width, top, theme);

  // the view
  Range xr, yr;
  if (has_centres) {
    xr = detail::extent(plot.center_x), yr = detail::extent(plot.center_y);
    const double pad = std::max({0.25 * std::max(xr.span(), yr.span()), 4 * plot.circle_radius, 1e-6});
    xr = {xr.lo - pad, xr.hi + pad}, yr = {yr.lo - pad, yr.hi + pad};
  } else {
    xr = detail::extent(plot.x).padded(0.05), yr = detail::extent(plot.y).padded(0.05);
  }

  // the frame: as large a square-pixel area as fits; the margins follow the tick labels
  const bool xl = !plot.x_label.empty(), yl = !plot.y_label.empty();
  const int left = theme.padding + Axes::left_margin(yr, theme, yl) + 6;  // 6: room for wider numbers after equalising
  const int right = theme.padding + Axes::right_margin(xr, theme) + 6;
  const int bottom = theme.padding + Axes::bottom_margin(theme, xl);
  const int avail_w = plot.width - left - right, avail_h = plot.height - top - bottom;
  GANTK_CHECK(avail_w > 20 && avail_h > 20, "ScatterPlot: ", plot.width, " × ", plot.height,
              " pixels leave no room for the plot");
  const int side = std::min(avail_w, avail_h);
  const Rect frame{left + (avail_w - side) / 2, top + (avail_h - side) / 2, side, side};
  detail::equal_aspect(xr, yr, frame.w, frame.h);
  const Axes axes(frame, xr, yr);

  axes.draw_background(c, theme);
  c.clip(frame);
  std::size_t outside = 0;
  for (std::size_t i = 0; i < plot.x.size(); ++i) {
    if (!axes.inside(plot.x[i], plot.y[i])) {
      ++outside;
      continue;
    }
    c.disc(axes.px(plot.x[i]), axes.py(plot.y[i]), plot.point_radius, sample_colour, plot.point_alpha);
  }
  const double circle_px = plot.circle_radius * axes.pixels_per_unit();
  for (std::size_t k = 0; k < plot.center_x.size(); ++k) {
    const double cx = axes.px(plot.center_x[k]), cy = axes.py(plot.center_y[k]);
    // the ring leaves the samples inside it visible; a tiny dot marks the centre itself
    if (circle_px > 0) c.ring(cx, cy, circle_px, centre_colour, 1.25);
    c.disc(cx, cy, circle_px > 4 ? 1.0 : 2.0, centre_colour);
  }
  if (outside > 0) {
    const std::string note = std::to_string(outside) + " of " + std::to_string(plot.x.size()) + " outside the view";
    c.text(frame.right() - 4, frame.bottom() - 4, note, theme.muted, theme.text_font, Align::Right, VAlign::Bottom);
  }
  axes.draw_frame(c, theme, plot.x_label, plot.y_label);
  c.check("ScatterPlot: drawing");
  return image;
}

}  // namespace gantk::plot
