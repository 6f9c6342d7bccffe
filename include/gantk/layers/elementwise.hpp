// Elementwise<Fn>: an activation applied to every element, first and second order.
//
// An activation function is a struct with static f(x), d1(x, y) = f'(x) and d2(x, y) = f''(x)
// (y = f(x) is passed because tanh and sigmoid express their derivatives through it), and
// `piecewise_linear` when f'' vanishes almost everywhere: then second-order passes skip the
// curvature term, which is exact, and cheaper.
#pragma once

#include <gantk/layers/layer.hpp>

namespace gantk {

template <class B, int Width, class Fn>
struct ElementwiseLayer {
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Cache = NoCache;
  /// the activation function struct; Network fuses this layer with a Dense layer next to it
  using function = Fn;
  static constexpr int in_width = Width;
  static constexpr int out_width = Width;
  static constexpr bool keeps_shape = true;  ///< an image stays an image of the same shape
  static constexpr Index param_count = 0;
  static constexpr Index state_count = 0;

  void init(T*, T*, Rng&) const {}

  void forward(const T*, T*, CView x, View y, Cache&, const Pass&) const {
    B::template activation<Fn>(y, x);
  }

  void backward(const T*, CView x, CView y, CView dy, View dx, T*, Cache&) const {
    if (B::present(dx)) grad(dx, x, y, dy);
  }

  void tangent_forward(const T*, const T*, CView x, CView y, CView xd, View yd, Cache&) const {
    if (B::present(xd)) grad(yd, x, y, xd);
    else B::fill(yd, T(0));
  }

  // x̄ = f'(x) ȳ + f''(x) ẋ ẏ̄,  ẋ̄ = f'(x) ẏ̄
  bool tangent_backward(const T*, const T*, CView x, CView y, CView xd, CView yb, CView ydb, View xb, View xdb, T*,
                        Cache&) const {
    if (B::present(xdb)) grad(xdb, x, y, ydb);
    const bool curvature = !Fn::piecewise_linear && B::present(xd);
    if (B::present(yb) && curvature)
      B::map(xb, [](T a, T b, T g, T t, T tg) { return Fn::d1(a, b) * g + Fn::d2(a, b) * t * tg; }, x, y, yb, xd, ydb);
    else if (B::present(yb))
      grad(xb, x, y, yb);
    else if (curvature)
      B::map(xb, [](T a, T b, T t, T tg) { return Fn::d2(a, b) * t * tg; }, x, y, xd, ydb);
    else
      return false;
    return true;
  }

 private:
  /// out = f'(x) ⊙ g
  static void grad(View out, CView x, CView y, CView g) {
    B::template activation_grad<Fn>(out, x, y, g);
  }
};

/// Turns an activation function struct into a layer spec that keeps the width.
template <class Fn>
struct Elementwise {
  template <class B, int In>
  using bind = ElementwiseLayer<B, In, Fn>;
};

}  // namespace gantk
