// ResampleLayer: the bound layer of a fixed linear resampling of images (AvgPool, Upsample).
//
// y = A x with A sparse, constant and without parameters (backend ResampleGeometry), so every
// pass is A or Aᵀ: backward is dx = Aᵀ dy, the tangent is ẏ = A ẋ, and its reverse has no
// second-order term (the map is linear): x̄ = Aᵀ ȳ, ẋ̄ = Aᵀ ẏ̄.
#pragma once

#include <gantk/backend/resample_geometry.hpp>
#include <gantk/layers/image.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

/// The bound resampling of Kind by Factor on images InImage (Image<C, H, W>), giving out_shape.
template <class B, class InImage, ResampleKind Kind, int Factor>
struct ResampleLayer {
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Cache = NoCache;

  static constexpr ResampleGeometry geometry{Kind, InImage::channels, InImage::height, InImage::width, Factor};
  // (at least 1 × 1, so that an image smaller than a pooling window is reported by the pooling
  // layer's own check alone, not also by Image<...>)
  using out_shape = Image<InImage::channels, static_cast<int>(geometry.out_h() > 0 ? geometry.out_h() : 1),
                          static_cast<int>(geometry.out_w() > 0 ? geometry.out_w() : 1)>;
  static constexpr int in_width = InImage::features;
  static constexpr int out_width = out_shape::features;
  static constexpr Index param_count = 0;
  static constexpr Index state_count = 0;

  void init(T*, T*, Rng&) const {}
  void forward(const T*, T*, CView x, View y, Cache&, const Pass&) const { B::resample(y, x, geometry); }
  void backward(const T*, CView, CView, CView dy, View dx, T*, Cache&) const {
    if (B::present(dx)) adjoint(dy, dx);
  }
  void tangent_forward(const T*, const T*, CView, CView, CView xd, View yd, Cache&) const {
    if (B::present(xd)) B::resample(yd, xd, geometry);
    else B::fill(yd, T(0));
  }
  bool tangent_backward(const T*, const T*, CView, CView, CView, CView yb, CView ydb, View xb, View xdb, T*,
                        Cache&) const {
    if (B::present(xdb)) adjoint(ydb, xdb);
    if (!B::present(yb)) return false;
    adjoint(yb, xb);
    return true;
  }

 private:
  // dx = Aᵀ dy (the backend op adds)
  static void adjoint(CView dy, View dx) {
    B::fill(dx, T(0));
    B::resample_adjoint_add(dx, dy, geometry);
  }
};

}  // namespace gantk
