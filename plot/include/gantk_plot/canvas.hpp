// Canvas: drawing on an Image through Cairo (rectangles, lines, discs, rings, text, other
// images), with a clip rectangle. Shapes are anti-aliased; rectangles on whole pixels stay crisp.
#pragma once

#include <memory>
#include <numbers>
#include <string>
#include <string_view>

#include <cairo.h>

#include <gantk_plot/cairo_status.hpp>
#include <gantk_plot/color.hpp>
#include <gantk_plot/font.hpp>
#include <gantk_plot/image.hpp>
#include <gantk_plot/rect.hpp>

namespace gantk::plot {

/// Where a text's anchor point sits on the text's box.
enum class Align { Left, Center, Right };
enum class VAlign { Top, Middle, Bottom };

class Canvas {
 public:
  explicit Canvas(Image& image) : image_(image), cr_(cairo_create(image.surface())) {
    check_cairo(cairo_status(cr_.get()), "Canvas: creating a Cairo context");
  }

  Image& image() { return image_; }

  /// Restricts drawing to r (and the image); clip_all() lifts it.
  void clip(Rect r) {
    cairo_reset_clip(cr());
    cairo_rectangle(cr(), r.x, r.y, r.w, r.h);
    cairo_clip(cr());
  }
  void clip_all() { cairo_reset_clip(cr()); }

  void fill_rect(Rect r, Color c, double alpha = 1.0) {
    source(c, alpha);
    cairo_rectangle(cr(), r.x, r.y, r.w, r.h);
    cairo_fill(cr());
  }

  /// A one-pixel outline just inside r.
  void stroke_rect(Rect r, Color c) {
    fill_rect({r.x, r.y, r.w, 1}, c);
    fill_rect({r.x, r.bottom() - 1, r.w, 1}, c);
    fill_rect({r.x, r.y + 1, 1, r.h - 2}, c);
    fill_rect({r.right() - 1, r.y + 1, 1, r.h - 2}, c);
  }

  /// A segment of the given width from (x0, y0) to (x1, y1), round caps.
  void line(double x0, double y0, double x1, double y1, Color c, double width = 1.0, double alpha = 1.0) {
    source(c, alpha);
    cairo_set_line_width(cr(), width);
    cairo_set_line_cap(cr(), CAIRO_LINE_CAP_ROUND);
    cairo_move_to(cr(), x0, y0);
    cairo_line_to(cr(), x1, y1);
    cairo_stroke(cr());
  }

  /// A filled disc of radius r centred on (cx, cy).
  void disc(double cx, double cy, double r, Color c, double alpha = 1.0) {
    source(c, alpha);
    cairo_new_sub_path(cr());
    cairo_arc(cr(), cx, cy, r, 0, 2 * std::numbers::pi);
    cairo_fill(cr());
  }

  /// A circle outline of radius r and stroke width `width`.
  void ring(double cx, double cy, double r, Color c, double width = 1.0, double alpha = 1.0) {
    source(c, alpha);
    cairo_set_line_width(cr(), width);
    cairo_new_sub_path(cr());
    cairo_arc(cr(), cx, cy, r, 0, 2 * std::numbers::pi);
    cairo_stroke(cr());
  }

  /// One line of text with its anchor (x, y) placed per align/valign; returns the text's box
  /// (its advance × the font's ascent + descent). Middle centres the capitals on y.
  Rect text(int x, int y, std::string_view s, Color c, const Font& font, Align align = Align::Left,
            VAlign valign = VAlign::Top) {
    const Rect box = text_box(x, y, s, font, align, valign);
    if (s.empty()) return box;
    select_font(cr(), font);
    source(c, 1.0);
    cairo_move_to(cr(), box.x, box.y + font_metrics(font).ascent);  // the baseline, on a whole pixel
    show(s);
    return box;
  }

  /// Text turned 90° counter-clockwise (reading bottom to top), for vertical axis titles;
  /// (x, y) is the centre of its box.
  Rect text_vertical(int x, int y, std::string_view s, Color c, const Font& font) {
    const FontMetrics m = font_metrics(font);
    const int len = text_width(s, font), thick = m.height();
    const Rect box{x - thick / 2, y - len / 2, thick, len};
    if (s.empty()) return box;
    cairo_save(cr());
    cairo_translate(cr(), box.x, box.bottom());  // the text's top-left corner once turned
    cairo_rotate(cr(), -std::numbers::pi / 2);
    select_font(cr(), font);
    source(c, 1.0);
    cairo_move_to(cr(), 0, m.ascent);
    show(s);
    cairo_restore(cr());
    return box;
  }

  /// The box that text(x, y, s, font, align, valign) covers.
  static Rect text_box(int x, int y, std::string_view s, const Font& font, Align align = Align::Left,
                       VAlign valign = VAlign::Top) {
    const FontMetrics m = font_metrics(font);
    const int w = text_width(s, font);
    const int left = align == Align::Left ? x : align == Align::Center ? x - w / 2 : x - w;
    const int top = valign == VAlign::Top ? y : valign == VAlign::Middle ? y - m.ascent + m.cap_height / 2 : y - m.height();
    return {left, top, w, m.height()};
  }

  /// Copies `other` with its top-left corner at (x, y), inside the clip.
  void paste(const Image& other, int x, int y) {
    cairo_set_source_surface(cr(), other.surface(), x, y);
    cairo_rectangle(cr(), x, y, other.width(), other.height());
    cairo_fill(cr());
  }

  /// @throws gantk::Error naming `what` if any drawing so far failed (Cairo's status is sticky).
  void check(std::string_view what) const { check_cairo(cairo_status(cr_.get()), what); }

 private:
  struct Destroy {
    void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  };
  cairo_t* cr() { return cr_.get(); }
  void source(Color c, double alpha) { cairo_set_source_rgba(cr(), c.r / 255.0, c.g / 255.0, c.b / 255.0, alpha); }
  void show(std::string_view s) {
    const std::string text(s);  // Cairo wants a terminated string
    cairo_show_text(cr(), text.c_str());
  }

  Image& image_;
  std::unique_ptr<cairo_t, Destroy> cr_;
};

}  // namespace gantk::plot
