// Image: an RGB raster in memory (a Cairo image surface), what plots draw on and PNGs hold.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>

#include <cairo.h>

#include <gantk/foundation/error.hpp>
#include <gantk_plot/cairo_status.hpp>
#include <gantk_plot/color.hpp>

namespace gantk::plot {

/// width × height opaque pixels, rows from the top-left corner. Owns its surface; copies are deep.
class Image {
 public:
  Image(int width, int height, Color background = {255, 255, 255}) {
    GANTK_CHECK(width > 0 && height > 0, "Image: width and height must be positive, got ", width, " × ", height);
    surface_.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
    check_cairo(cairo_surface_status(surface()), "Image: creating a surface");
    fill(background);
  }
  /// Takes ownership of an RGB24 or ARGB32 image surface (what Cairo's PNG reader returns).
  explicit Image(cairo_surface_t* adopted) : surface_(adopted) {
    check_cairo(cairo_surface_status(surface()), "Image: adopting a surface");
    const auto format = cairo_image_surface_get_format(surface());
    GANTK_CHECK(format == CAIRO_FORMAT_RGB24 || format == CAIRO_FORMAT_ARGB32,
                "Image: a surface of Cairo format ", static_cast<int>(format), " is not RGB24 or ARGB32");
  }
  Image(const Image& other) : Image(other.width(), other.height()) {
    cairo_surface_flush(other.surface());
    for (int y = 0; y < height(); ++y) std::memcpy(row(y), other.row(y), static_cast<std::size_t>(width()) * 4);
    cairo_surface_mark_dirty(surface());
  }
  Image& operator=(const Image& other) { return *this = Image(other); }
  Image(Image&&) noexcept = default;
  Image& operator=(Image&&) noexcept = default;

  int width() const { return cairo_image_surface_get_width(surface()); }
  int height() const { return cairo_image_surface_get_height(surface()); }
  bool contains(int x, int y) const { return x >= 0 && y >= 0 && x < width() && y < height(); }
  cairo_surface_t* surface() const { return surface_.get(); }

  /// The colour of pixel (x, y). Cairo keeps a pixel as one native-endian 32-bit 0xAARRGGBB word.
  Color at(int x, int y) const {
    GANTK_CHECK(contains(x, y), "Image::at: pixel (", x, ", ", y, ") is outside the ", width(), " × ", height(),
                " image");
    cairo_surface_flush(surface());  // pending drawing reaches the pixels
    std::uint32_t v;
    std::memcpy(&v, row(y) + 4 * x, 4);
    return {static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  }

  void fill(Color c) {
    cairo_t* cr = cairo_create(surface());
    cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
    cairo_paint(cr);
    const cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    check_cairo(status, "Image::fill");
  }

 private:
  struct Destroy {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  };
  unsigned char* row(int y) const {
    return cairo_image_surface_get_data(surface()) + static_cast<std::size_t>(y) * cairo_image_surface_get_stride(surface());
  }

  std::unique_ptr<cairo_surface_t, Destroy> surface_;
};

}  // namespace gantk::plot
