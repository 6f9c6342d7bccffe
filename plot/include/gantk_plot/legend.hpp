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

}  // namespace gantk::plot
