// Image: an 8-bit RGB raster in memory, the surface that gantk's plots draw on.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include <gantk/core/error.hpp>

namespace gantk::io {

/// An opaque sRGB colour.
struct Color {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Color&, const Color&) = default;
};

/// width × height pixels, row-major from the top-left corner, 3 bytes (R, G, B) per pixel.
class Image {
 public:
  Image() = default;
  Image(int width, int height, Color background = {255, 255, 255}) : width_(width), height_(height) {
    GANTK_CHECK(width > 0 && height > 0, "Image: width and height must be positive, got ", width, " × ", height);
    pixels_.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    fill(background);
  }

  int width() const { return width_; }
  int height() const { return height_; }
  bool contains(int x, int y) const { return x >= 0 && y >= 0 && x < width_ && y < height_; }
  /// The raw bytes (R, G, B per pixel, rows top to bottom), as PNG encoders want them.
  const std::uint8_t* data() const { return pixels_.data(); }

  Color at(int x, int y) const {
    GANTK_CHECK(contains(x, y), "Image::at: pixel (", x, ", ", y, ") is outside the ", width_, " × ", height_, " image");
    const std::uint8_t* p = &pixels_[offset(x, y)];
    return {p[0], p[1], p[2]};
  }

  /// Sets a pixel; pixels outside the image are ignored, so shapes may cross the border.
  void set(int x, int y, Color c) {
    if (!contains(x, y)) return;
    std::uint8_t* p = &pixels_[offset(x, y)];
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
  }

  /// Mixes colour c into a pixel with weight alpha ∈ [0, 1] (coverage × opacity).
  void blend(int x, int y, Color c, double alpha) {
    if (!contains(x, y) || alpha <= 0) return;
    alpha = std::min(alpha, 1.0);
    std::uint8_t* p = &pixels_[offset(x, y)];
    const auto mix = [alpha](std::uint8_t under, std::uint8_t over) {
      return static_cast<std::uint8_t>(under + (over - under) * alpha + 0.5);
    };
    p[0] = mix(p[0], c.r), p[1] = mix(p[1], c.g), p[2] = mix(p[2], c.b);
  }

  void fill(Color c) {
    for (std::size_t i = 0; i < pixels_.size(); i += 3) pixels_[i] = c.r, pixels_[i + 1] = c.g, pixels_[i + 2] = c.b;
  }

  /// Copies `other` with its top-left corner at (x, y), clipped to this image.
  void paste(const Image& other, int x, int y) {
    for (int j = 0; j < other.height(); ++j)
      for (int i = 0; i < other.width(); ++i) set(x + i, y + j, other.at(i, j));
  }

 private:
  std::size_t offset(int x, int y) const {
    return (static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x)) * 3;
  }

  int width_ = 0, height_ = 0;
  std::vector<std::uint8_t> pixels_;
};

}  // namespace gantk::io
