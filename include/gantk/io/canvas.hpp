// Canvas: anti-aliased drawing on an Image (lines, discs, rings, rectangles, text) with clipping.
//
// Coordinates are continuous pixels: pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is
// (i + ½, j + ½). Shapes are shaded by the distance from each pixel centre to the shape's edge,
// which gives smooth edges at any size without supersampling.
#pragma once

#include <algorithm>
#include <cmath>
#include <string_view>

#include <gantk/io/bitmap_font.hpp>
#include <gantk/io/image.hpp>

namespace gantk::io {

/// An axis-aligned pixel rectangle [x, x + w) × [y, y + h).
struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
  int right() const { return x + w; }
  int bottom() const { return y + h; }
  bool contains(int px, int py) const { return px >= x && py >= y && px < right() && py < bottom(); }
};

/// Where a text's anchor point sits on the text's box.
enum class Align { Left, Center, Right };
enum class VAlign { Top, Middle, Bottom };

class Canvas {
 public:
  explicit Canvas(Image& image) : image_(image), clip_{0, 0, image.width(), image.height()} {}

  Image& image() { return image_; }
  /// Restricts drawing to r (intersected with the image); clip_all() lifts it.
  void clip(Rect r) {
    const int x0 = std::max(r.x, 0), y0 = std::max(r.y, 0);
    const int x1 = std::min(r.right(), image_.width()), y1 = std::min(r.bottom(), image_.height());
    clip_ = {x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
  }
  void clip_all() { clip_ = {0, 0, image_.width(), image_.height()}; }
  Rect clip_rect() const { return clip_; }

  /// Mixes colour c into pixel (x, y) with weight alpha, inside the clip only.
  void plot(int x, int y, Color c, double alpha = 1.0) {
    if (clip_.contains(x, y)) image_.blend(x, y, c, alpha);
  }

  void fill_rect(Rect r, Color c, double alpha = 1.0) {
    for (int y = r.y; y < r.bottom(); ++y)
      for (int x = r.x; x < r.right(); ++x) plot(x, y, c, alpha);
  }

  /// A one-pixel outline just inside r.
  void stroke_rect(Rect r, Color c) {
    fill_rect({r.x, r.y, r.w, 1}, c);
    fill_rect({r.x, r.bottom() - 1, r.w, 1}, c);
    fill_rect({r.x, r.y, 1, r.h}, c);
    fill_rect({r.right() - 1, r.y, 1, r.h}, c);
  }

  /// A segment of the given width from (x0, y0) to (x1, y1), round caps.
  void line(double x0, double y0, double x1, double y1, Color c, double width = 1.0, double alpha = 1.0) {
    const double half = width / 2;
    const double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
    shade({std::min(x0, x1) - half, std::min(y0, y1) - half, std::max(x0, x1) + half, std::max(y0, y1) + half}, c,
          alpha, [&](double px, double py) {
            double t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0.0;
            t = std::clamp(t, 0.0, 1.0);
            const double ex = px - (x0 + t * dx), ey = py - (y0 + t * dy);
            return half - std::sqrt(ex * ex + ey * ey);
          });
  }

  /// A filled disc of radius r centred on (cx, cy).
  void disc(double cx, double cy, double r, Color c, double alpha = 1.0) {
    shade({cx - r, cy - r, cx + r, cy + r}, c, alpha,
          [&](double px, double py) { return r - std::hypot(px - cx, py - cy); });
  }

  /// A circle outline of radius r and stroke width `width`.
  void ring(double cx, double cy, double r, Color c, double width = 1.0, double alpha = 1.0) {
    const double half = width / 2, reach = r + half;
    shade({cx - reach, cy - reach, cx + reach, cy + reach}, c, alpha,
          [&](double px, double py) { return half - std::abs(std::hypot(px - cx, py - cy) - r); });
  }

  /// One line of text with its anchor (x, y) placed per align/valign; returns the text's box.
  /// Text is crisp: each font pixel becomes a scale × scale block.
  Rect text(int x, int y, std::string_view s, Color c, int scale = 1, Align align = Align::Left,
            VAlign valign = VAlign::Top) {
    const Rect box = text_box(x, y, s, scale, align, valign);
    int gx = box.x;
    for (char32_t code : font::decode_utf8(s)) {
      const auto& g = font::glyph(code);
      for (int row = 0; row < font::glyph_height; ++row)
        for (int col = 0; col < font::glyph_width; ++col)
          if (font::ink(g, col, row)) fill_rect({gx + col * scale, box.y + row * scale, scale, scale}, c);
      gx += font::advance * scale;
    }
    return box;
  }

  /// Text turned 90° counter-clockwise (reading bottom to top), for vertical axis titles;
  /// (x, y) is the centre of its box.
  Rect text_vertical(int x, int y, std::string_view s, Color c, int scale = 1) {
    const int len = font::text_width(s, scale), thick = font::text_height(scale);
    const Rect box{x - thick / 2, y - len / 2, thick, len};
    int along = 0;  // distance from the bottom of the box
    for (char32_t code : font::decode_utf8(s)) {
      const auto& g = font::glyph(code);
      for (int row = 0; row < font::glyph_height; ++row)
        for (int col = 0; col < font::glyph_width; ++col)
          if (font::ink(g, col, row))
            fill_rect({box.x + row * scale, box.bottom() - along - (col + 1) * scale, scale, scale}, c);
      along += font::advance * scale;
    }
    return box;
  }

  /// The box that text(x, y, s, scale, align, valign) covers.
  static Rect text_box(int x, int y, std::string_view s, int scale, Align align = Align::Left,
                       VAlign valign = VAlign::Top) {
    const int w = font::text_width(s, scale), h = font::text_height(scale);
    const int left = align == Align::Left ? x : align == Align::Center ? x - w / 2 : x - w;
    // Middle centres the capitals (not the descender) on y, which is what the eye expects.
    const int top = valign == VAlign::Top ? y : valign == VAlign::Middle ? y - font::cap_height * scale / 2 : y - h;
    return {left, top, w, h};
  }

 private:
  struct Bounds {
    double x0, y0, x1, y1;
  };

  // Covers every pixel of the bounds with coverage clamp(distance inside + ½, 0, 1), where
  // inside(px, py) is the signed distance from the pixel centre to the edge (positive inside).
  template <class Inside>
  void shade(Bounds b, Color c, double alpha, Inside&& inside) {
    const int x0 = std::max(clip_.x, static_cast<int>(std::floor(b.x0 - 1)));
    const int y0 = std::max(clip_.y, static_cast<int>(std::floor(b.y0 - 1)));
    const int x1 = std::min(clip_.right() - 1, static_cast<int>(std::ceil(b.x1 + 1)));
    const int y1 = std::min(clip_.bottom() - 1, static_cast<int>(std::ceil(b.y1 + 1)));
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) {
        const double coverage = std::clamp(inside(x + 0.5, y + 0.5) + 0.5, 0.0, 1.0);
        if (coverage > 0) image_.blend(x, y, c, coverage * alpha);
      }
  }

  Image& image_;
  Rect clip_;
};

}  // namespace gantk::io
