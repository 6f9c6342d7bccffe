// Legend: a row of (marker, label) entries, laid out left to right in a strip above a plot.
#pragma once

#include <string>
#include <vector>

#include <gantk_plot/canvas.hpp>
#include <gantk_plot/theme.hpp>

namespace gantk::plot {

enum class Marker {
  Dot,     ///< a filled point (scatter samples)
  Line,    ///< a short stroke (a series of a line chart)
  Target,  ///< a dot inside a ring (a mixture centre with its k·σ circle)
};

struct LegendEntry {
  std::string label;
  Color color;
  Marker marker = Marker::Dot;
};

inline constexpr int legend_marker_width = 16;
inline constexpr int legend_entry_gap = 18;

/// Width in pixels of a legend row.
inline int legend_width(const std::vector<LegendEntry>& entries, const Theme& theme) {
  int w = 0;
  for (const auto& e : entries) w += legend_marker_width + 4 + text_width(e.label, theme.text_font) + legend_entry_gap;
  return entries.empty() ? 0 : w - legend_entry_gap;
}

/// Draws the entries in one row whose left end is at x and whose text is centred on y.
inline void draw_legend(Canvas& c, const std::vector<LegendEntry>& entries, int x, int y, const Theme& theme) {
  for (const auto& e : entries) {
    const double mx = x + legend_marker_width / 2.0, my = y + 0.5;
    switch (e.marker) {
      case Marker::Dot: c.disc(mx, my, 3.0, e.color); break;
      case Marker::Line: c.line(x, my, x + legend_marker_width, my, e.color, 2.0); break;
      case Marker::Target:
        c.ring(mx, my, 6.0, e.color, 1.25);
        c.disc(mx, my, 1.0, e.color);
        break;
    }
    const Rect box =
        c.text(x + legend_marker_width + 4, y, e.label, theme.ink, theme.text_font, Align::Left, VAlign::Middle);
    x = box.right() + legend_entry_gap;
  }
}

/// Draws the entries centred across a picture `width` pixels wide, in as many rows as they need
/// to stay inside the theme's padding (an entry wider than that gets a row of its own), below
/// `top`; returns the y below the last row.
inline int draw_legend_rows(Canvas& c, const std::vector<LegendEntry>& entries, int width, int top, const Theme& theme) {
  const int room = width - 2 * theme.padding, pitch = text_height(theme.text_font) + 2;
  std::vector<LegendEntry> row;
  int y = top + 8 + 3;  // the first row's text centre
  const auto flush = [&] {
    if (row.empty()) return;
    draw_legend(c, row, (width - legend_width(row, theme)) / 2, y, theme);
    y += pitch;
    row.clear();
  };
  for (const auto& e : entries) {
    row.push_back(e);
    if (row.size() > 1 && legend_width(row, theme) > room) {
      row.pop_back();
      flush();
      row.push_back(e);
    }
  }
  flush();
  return y - 3;
}

}  // namespace gantk::plot
