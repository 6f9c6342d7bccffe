// Reshape<C, H, W> and Flatten: the same values, read as an image or as a flat vector.
//
// A batch is one column per sample in either case (NCHW), so both layers copy their input; what
// they change is the shape Sequential carries to the next layer (layers/image.hpp): after
// Reshape<C, H, W> image layers (ConvTranspose2d, Conv2d) may follow a Dense layer.
#pragma once

#include <gantk/layers/image.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

namespace detail {
template <int Width, int C, int H, int W>
struct ReshapeWidth {
  static_assert(Width == C * H * W,
                "Reshape<C, H, W> receives a vector whose width is not C·H·W: ReshapeWidth<width, C, H, W> in the "
                "instantiation gives both");
  static constexpr bool ok = true;
};
}  // namespace detail

/// The bound identity on Width values; OutShape is the shape it gives (void: flat).
template <class B, int Width, class OutShape>
struct IdentityLayer {
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Cache = NoCache;
  using out_shape = OutShape;
  static constexpr int in_width = Width;
  static constexpr int out_width = Width;
  static constexpr Index param_count = 0;
  static constexpr Index state_count = 0;

  void init(T*, T*, Rng&) const {}
  void forward(const T*, T*, CView x, View y, Cache&, const Pass&) const { B::copy(y, x); }
  void backward(const T*, CView, CView, CView dy, View dx, T*, Cache&) const {
    if (B::present(dx)) B::copy(dx, dy);
  }
  void tangent_forward(const T*, const T*, CView, CView, CView xd, View yd, Cache&) const {
    if (B::present(xd)) B::copy(yd, xd);
    else B::fill(yd, T(0));
  }
  bool tangent_backward(const T*, const T*, CView, CView, CView, CView yb, CView ydb, View xb, View xdb, T*,
                        Cache&) const {
    if (B::present(xdb)) B::copy(xdb, ydb);
    if (!B::present(yb)) return false;
    B::copy(xb, yb);
    return true;
  }
};

/// The bound Reshape: the identity, its width checked against C·H·W when it is used.
template <class B, int In, int C, int H, int W>
struct ReshapeLayer : IdentityLayer<B, In, Image<C, H, W>> {
  static_assert(detail::ReshapeWidth<In, C, H, W>::ok);
};

/// Reads a flat vector of C·H·W values as a C × H × W image (checked at compile time).
template <int C, int H, int W>
struct Reshape {
  template <class B, int In>
  using bind = ReshapeLayer<B, In, C, H, W>;
};

/// Reads an image as a flat vector (Dense does so by itself; Flatten says it in the network's type).
struct Flatten {
  template <class B, int In>
  using bind = IdentityLayer<B, In, void>;
};

}  // namespace gantk
