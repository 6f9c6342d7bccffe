// ResampleGeometry: a fixed sparse linear map between images of the same channels (average
// pooling, nearest or bilinear up-sampling), for the backends' resample and resample_adjoint_add.
//
// The maps have no parameters and few taps per output pixel, so a backend runs them as loops
// rather than as products with a dense matrix; the geometry says which taps, and for_each_tap
// spells the map out once, for plain backends and for tests.
#pragma once

#include <gantk/foundation/config.hpp>

namespace gantk {

enum class ResampleKind {
  AvgPool,   ///< mean of each factor × factor block: H × W → H/factor × W/factor
  Nearest,   ///< each pixel repeated factor × factor times: H × W → factor·H × factor·W
  Bilinear,  ///< PyTorch's bilinear with align_corners=False: H × W → factor·H × factor·W
};

/// One output index's two source taps along one axis, and their weights (l0 + l1 = 1).
template <class T>
struct LinearTaps {
  Index i0, i1;
  T l0, l1;
};

/// C-channel H × W images (NCHW within a column) resampled by an integer factor.
struct ResampleGeometry {
  ResampleKind kind;
  Index c, h, w, factor;

  constexpr Index out_h() const { return kind == ResampleKind::AvgPool ? h / factor : h * factor; }
  constexpr Index out_w() const { return kind == ResampleKind::AvgPool ? w / factor : w * factor; }
  /// Rows of the input and of the output (values per image).
  constexpr Index in_size() const { return c * h * w; }
  constexpr Index out_size() const { return c * out_h() * out_w(); }
  friend constexpr bool operator==(const ResampleGeometry&, const ResampleGeometry&) = default;

  /// The bilinear taps of output index dst along an axis of n input pixels, PyTorch's convention
  /// (align_corners=False, the scale given as the factor): source coordinate (1/F)·(dst + ½) − ½,
  /// raised to 0 when negative; its two neighbours, the upper one held at the border. Computed in
  /// T with the scale rounded from double, as PyTorch does, so that float results agree too.
  template <class T>
  constexpr LinearTaps<T> linear_taps(Index dst, Index n) const {
    const T scale = static_cast<T>(1.0 / static_cast<double>(factor));
    T src = scale * (static_cast<T>(dst) + T(0.5)) - T(0.5);
    if (src < T(0)) src = T(0);
    const Index i0 = static_cast<Index>(src);  // src ≤ n − ½ − ½/F, so i0 ≤ n − 1
    const T l1 = src - static_cast<T>(i0);
    return {i0, i0 + 1 < n ? i0 + 1 : i0, T(1) - l1, l1};
  }

  /// f(output offset, input offset, weight) for every tap of one image: y[out] = Σ weight · x[in].
  /// A bilinear tap at the border may name the same input twice (both weights count).
  template <class T = double, class F>
  void for_each_tap(F f) const {
    const Index oh = out_h(), ow = out_w();
    for (Index ch = 0; ch < c; ++ch) {
      const Index in0 = ch * h * w, out0 = ch * oh * ow;
      for (Index oy = 0; oy < oh; ++oy)
        for (Index ox = 0; ox < ow; ++ox) {
          const Index out = out0 + oy * ow + ox;
          switch (kind) {
            case ResampleKind::AvgPool: {
              const T weight = T(1) / static_cast<T>(factor * factor);
              for (Index ky = 0; ky < factor; ++ky)
                for (Index kx = 0; kx < factor; ++kx)
                  f(out, in0 + (oy * factor + ky) * w + ox * factor + kx, weight);
              break;
            }
            case ResampleKind::Nearest: f(out, in0 + (oy / factor) * w + ox / factor, T(1)); break;
            case ResampleKind::Bilinear: {
              const LinearTaps<T> ty = linear_taps<T>(oy, h), tx = linear_taps<T>(ox, w);
              f(out, in0 + ty.i0 * w + tx.i0, ty.l0 * tx.l0);
              f(out, in0 + ty.i0 * w + tx.i1, ty.l0 * tx.l1);
              f(out, in0 + ty.i1 * w + tx.i0, ty.l1 * tx.l0);
              f(out, in0 + ty.i1 * w + tx.i1, ty.l1 * tx.l1);
              break;
            }
          }
        }
    }
  }
};

}  // namespace gantk
