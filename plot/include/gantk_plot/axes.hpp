// Axes: the map from data coordinates to the pixels of a frame, and the frame's decoration
// (grid, border, ticks with numbers, axis titles).
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include <gantk/foundation/error.hpp>
#include <gantk_plot/canvas.hpp>
#include <gantk_plot/theme.hpp>
#include <gantk_plot/ticks.hpp>

namespace gantk::plot {

/// A closed interval of data values.
struct Range {
  double lo = 0, hi = 1;
  double span() const { return hi - lo; }
  /// Widened by `fraction` of its span on each side (a zero span opens to ±0.5).
  Range padded(double fraction) const {
    const double pad = span() > 0 ? fraction * span() : 0.5;
    return {lo - pad, hi + pad};
  }
};

inline constexpr int tick_length = 4;
inline constexpr int tick_gap = 4;  ///< between a tick and its number

class Axes {
 public:
  Axes(Rect frame, Range x, Range y, int x_ticks = 5, int y_ticks = 5)
      : frame_(frame), x_(x), y_(y), xt_(nice_ticks(x.lo, x.hi, x_ticks)), yt_(nice_ticks(y.lo, y.hi, y_ticks)) {
    GANTK_CHECK(frame.w > 1 && frame.h > 1, "Axes: the frame must be at least 2 × 2 pixels, got ", frame.w, " × ",
                frame.h);
  }

  const Rect& frame() const { return frame_; }
  Range x_range() const { return x_; }
  Range y_range() const { return y_; }
  const Ticks& x_ticks() const { return xt_; }
  const Ticks& y_ticks() const { return yt_; }

  /// Continuous pixel coordinates of a data point (y grows upwards in data, downwards in pixels).
  double px(double x) const { return frame_.x + (x - x_.lo) / x_.span() * frame_.w; }
  double py(double y) const { return frame_.bottom() - (y - y_.lo) / y_.span() * frame_.h; }
  /// Pixels per data unit along x (equal to y's when the axes have equal aspect).
  double pixels_per_unit() const { return frame_.w / x_.span(); }
  bool inside(double x, double y) const { return x >= x_.lo && x <= x_.hi && y >= y_.lo && y <= y_.hi; }

  /// The plot area and the grid lines; draw before the data.
  void draw_background(Canvas& c, const Theme& theme) const {
    c.fill_rect(frame_, theme.plot_area);
    for (double v : xt_.values) c.fill_rect({pixel(px(v)), frame_.y, 1, frame_.h}, theme.grid);
    for (double v : yt_.values) c.fill_rect({frame_.x, pixel(py(v)), frame_.w, 1}, theme.grid);
  }

  /// Where draw_frame puts the number of x tick i and of y tick i (Canvas::text_box).
  Rect x_tick_label_box(std::size_t i, const Theme& theme) const {
    return Canvas::text_box(pixel(px(xt_.values.at(i))), x_label_top(), format_tick(xt_.values[i], xt_.decimals),
                            theme.text_font, Align::Center, VAlign::Top);
  }
  Rect y_tick_label_box(std::size_t i, const Theme& theme) const {
    return Canvas::text_box(y_label_right(), pixel(py(yt_.values.at(i))), format_tick(yt_.values[i], yt_.decimals),
                            theme.text_font, Align::Right, VAlign::Middle);
  }

  /// Border, ticks, their numbers and the axis titles; draw after the data.
  void draw_frame(Canvas& c, const Theme& theme, std::string_view x_label = {}, std::string_view y_label = {}) const {
    c.clip_all();
    c.stroke_rect({frame_.x - 1, frame_.y - 1, frame_.w + 2, frame_.h + 2}, theme.frame);
    const Font& f = theme.text_font;
    for (double v : xt_.values) {
      const int x = pixel(px(v));
      c.fill_rect({x, frame_.bottom() + 1, 1, tick_length}, theme.frame);
      c.text(x, x_label_top(), format_tick(v, xt_.decimals), theme.muted, f, Align::Center, VAlign::Top);
    }
    for (double v : yt_.values) {
      const int y = pixel(py(v));
      c.fill_rect({frame_.x - 1 - tick_length, y, tick_length, 1}, theme.frame);
      c.text(y_label_right(), y, format_tick(v, yt_.decimals), theme.muted, f, Align::Right, VAlign::Middle);
    }
    const int line = text_height(f);
    if (!x_label.empty())
      c.text(frame_.x + frame_.w / 2, x_label_top() + line + tick_gap, x_label, theme.ink, f, Align::Center);
    if (!y_label.empty())
      c.text_vertical(y_label_right() - widest_y_label(f) - tick_gap - line / 2, frame_.y + frame_.h / 2, y_label,
                      theme.ink, f);
  }

  /// Pixels needed left of the frame for y numbers (and the y title), below it for x numbers
  /// (and the x title), and right of it for the last x number's overhang.
  static int left_margin(Range y, const Theme& theme, bool y_label, int y_ticks = 5) {
    const Ticks t = nice_ticks(y.lo, y.hi, y_ticks);
    int widest = 0;
    for (double v : t.values) widest = std::max(widest, text_width(format_tick(v, t.decimals), theme.text_font));
    return 1 + tick_length + tick_gap + widest + (y_label ? tick_gap + text_height(theme.text_font) : 0);
  }
  static int bottom_margin(const Theme& theme, bool x_label) {
    const int line = text_height(theme.text_font);
    return 1 + tick_length + tick_gap + line + (x_label ? tick_gap + line : 0);
  }
  static int right_margin(Range x, const Theme& theme, int x_ticks = 5) {
    const Ticks t = nice_ticks(x.lo, x.hi, x_ticks);
    return t.values.empty() ? 1 : 1 + text_width(format_tick(t.values.back(), t.decimals), theme.text_font) / 2;
  }

 private:
  static int pixel(double p) { return static_cast<int>(std::floor(p)); }
  int x_label_top() const { return frame_.bottom() + 1 + tick_length + tick_gap; }
  int y_label_right() const { return frame_.x - 1 - tick_length - tick_gap; }

  int widest_y_label(const Font& f) const {
    int widest = 0;
    for (double v : yt_.values) widest = std::max(widest, text_width(format_tick(v, yt_.decimals), f));
    return widest;
  }

  Rect frame_;
  Range x_, y_;
  Ticks xt_, yt_;
};

}  // namespace gantk::plot
