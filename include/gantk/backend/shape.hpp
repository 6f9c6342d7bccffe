// Shape: the extent of a batch of samples, flat (N, features) or images (N, C, H, W).
//
// Every backend stores a batch as a features × batch column-major matrix: sample j is one
// contiguous column, and an image sample is C·H·W values in (c, h, w) order. Read as a 4-d array
// that is exactly NCHW, so one layout serves dense and convolutional layers, and PacGAN's packing
// (d × n ⇄ m·d × n/m) stays a free reshape. A flat tensor is the image case with H = W = 1.
#pragma once

#include <gantk/foundation/config.hpp>

namespace gantk {

struct Shape {
  Index n = 0;  ///< samples (columns)
  Index c = 0;  ///< channels; the features of a flat tensor
  Index h = 1;  ///< image height (1 when flat)
  Index w = 1;  ///< image width (1 when flat)

  /// features × n, the shape every dense layer sees.
  static constexpr Shape flat(Index features, Index n) { return Shape{n, features, 1, 1}; }
  /// n images of c channels, h × w pixels.
  static constexpr Shape image(Index n, Index c, Index h, Index w) { return Shape{n, c, h, w}; }

  /// Values per sample (the rows of the features × batch matrix).
  constexpr Index features() const { return c * h * w; }
  constexpr Index size() const { return n * features(); }
  constexpr bool is_flat() const { return h == 1 && w == 1; }
  /// Offset of element (sample, channel, y, x) in the column-major storage.
  constexpr Index offset(Index sample, Index channel, Index y, Index x) const {
    return ((sample * c + channel) * h + y) * w + x;
  }
  friend constexpr bool operator==(const Shape&, const Shape&) = default;
};

}  // namespace gantk
