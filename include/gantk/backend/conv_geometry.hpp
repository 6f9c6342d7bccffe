// ConvGeometry: the sizes of a 2-d convolution, for the backends' im2col and col2im.
#pragma once

#include <gantk/foundation/config.hpp>

namespace gantk {

/// A convolution of C-channel H × W images with K × K kernels, stride S and zero padding P on
/// every side, giving out_h × out_w positions. im2col lays the receptive fields out as a
/// (C·K·K) × (out_h·out_w·N) matrix: column (n·out_h·out_w + oy·out_w + ox) holds the input values
/// under the kernel at output position (oy, ox) of image n, row (c·K + ky)·K + kx (0 in the padding).
struct ConvGeometry {
  Index c, h, w, k, stride, pad;
  constexpr Index out_h() const { return (h + 2 * pad - k) / stride + 1; }
  constexpr Index out_w() const { return (w + 2 * pad - k) / stride + 1; }
  /// Rows of the im2col matrix.
  constexpr Index patch() const { return c * k * k; }
  /// Output positions per image (columns of the im2col matrix per image).
  constexpr Index positions() const { return out_h() * out_w(); }
  friend constexpr bool operator==(const ConvGeometry&, const ConvGeometry&) = default;

  /// f(row, column of one image's im2col block, input offset in the image or −1 in the padding)
  template <class F>
  void for_each_tap(F f) const {
    const Index ow = out_w(), oh = out_h();
    for (Index ch = 0; ch < c; ++ch)
      for (Index ky = 0; ky < k; ++ky)
        for (Index kx = 0; kx < k; ++kx) {
          const Index row = (ch * k + ky) * k + kx;
          for (Index oy = 0; oy < oh; ++oy) {
            const Index iy = oy * stride + ky - pad;
            for (Index ox = 0; ox < ow; ++ox) {
              const Index ix = ox * stride + kx - pad;
              const bool inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
              f(row, oy * ow + ox, inside ? (ch * h + iy) * w + ix : Index(-1));
            }
          }
        }
  }
};

}  // namespace gantk
