// Font: the typeface, size and weight of plot text, and its metrics in whole pixels.
//
// Text is Cairo's "toy" text API on a sans-serif face that fontconfig picks (DejaVu Sans on
// Debian). Layout needs sizes before anything is drawn, so measuring uses a private context; both
// it and the drawing contexts get the same font options (no metric hinting), so a measured width
// is the drawn width.
#pragma once

#include <cmath>
#include <memory>
#include <string>
#include <string_view>

#include <cairo.h>

#include <gantk_plot/cairo_status.hpp>

namespace gantk::plot {

struct Font {
  double size = 11;   ///< em size in pixels
  bool bold = false;
};

/// Vertical metrics in whole pixels, rounded outwards so that a box of ascent + descent holds the ink.
struct FontMetrics {
  int ascent = 0;       ///< baseline to the top of the tallest glyphs
  int descent = 0;      ///< baseline to the bottom of descenders (g, p, y)
  int cap_height = 0;   ///< baseline to the top of the capitals
  int height() const { return ascent + descent; }
};

/// Makes `font` the current font of cr, with the options every gantk plot uses.
inline void select_font(cairo_t* cr, const Font& font) {
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, font.size);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);  // no colour fringes in PNGs
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);
}

namespace detail {

// One measuring context per thread: Cairo contexts must not be shared between threads.
inline cairo_t* measuring_context() {
  struct Context {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t* cr = cairo_create(surface);
    ~Context() {
      cairo_destroy(cr);
      cairo_surface_destroy(surface);
    }
  };
  thread_local Context context;
  check_cairo(cairo_status(context.cr), "measuring text");
  return context.cr;
}

}  // namespace detail

/// Width in pixels of one line of UTF-8 text (its advance, rounded up).
inline int text_width(std::string_view text, const Font& font) {
  if (text.empty()) return 0;
  cairo_t* cr = detail::measuring_context();
  select_font(cr, font);
  cairo_text_extents_t e;
  const std::string s(text);  // Cairo wants a terminated string
  cairo_text_extents(cr, s.c_str(), &e);
  check_cairo(cairo_status(cr), "measuring text");
  return static_cast<int>(std::ceil(e.x_advance));
}

inline FontMetrics font_metrics(const Font& font) {
  cairo_t* cr = detail::measuring_context();
  select_font(cr, font);
  cairo_font_extents_t f;
  cairo_font_extents(cr, &f);
  cairo_text_extents_t h;
  cairo_text_extents(cr, "H", &h);
  check_cairo(cairo_status(cr), "measuring a font");
  return {static_cast<int>(std::ceil(f.ascent)), static_cast<int>(std::ceil(f.descent)),
          static_cast<int>(std::lround(-h.y_bearing))};
}

/// Height in pixels of one line of text, descender included.
inline int text_height(const Font& font) { return font_metrics(font).height(); }

/// s itself if it fits `width` pixels, otherwise its longest prefix (whole UTF-8 characters)
/// followed by "..." that does.
inline std::string fit_text(const std::string& s, int width, const Font& font) {
  if (text_width(s, font) <= width) return s;
  for (std::size_t end = s.size(); end > 0; --end) {
    if ((static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) continue;  // inside a character
    std::string shorter = s.substr(0, end) + "...";
    if (text_width(shorter, font) <= width) return shorter;
  }
  return "...";
}

}  // namespace gantk::plot
