// Dropout<Rate>: inverted dropout (Srivastava et al. 2014). Goodfellow et al.'s original GAN
// trained its maxout discriminator with dropout; the mode-collapse articles list it among the
// regularisers that keep D from overfitting the current fakes.
#pragma once

#include <gantk/foundation/error.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

/// The bound layer. Train mode: each element is kept with probability 1 − Rate and scaled by
/// 1/(1 − Rate) (the mask is drawn from the pass's random stream, so a seed fixes it); Eval
/// mode: the identity. Given its mask the layer is linear, so its second-order passes are the
/// mask applied to the tangents and adjoints.
template <class B, int Width, double Rate>
struct DropoutLayer {
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Matrix = typename B::Matrix;
  static constexpr int in_width = Width;
  static constexpr int out_width = Width;
  static constexpr bool keeps_shape = true;
  static constexpr Index param_count = 0;
  static constexpr Index state_count = 0;

  struct Cache {
    Matrix mask;  // 0 or 1/(1 − Rate) per element
    Mode mode = Mode::Eval;
    void resize(Index n) { mask.resize(Width, n); }
  };

  void init(T*, T*, Rng&) const {}

  void forward(const T*, T*, CView x, View y, Cache& c, const Pass& pass) const {
    c.mode = pass.mode;
    if (pass.mode == Mode::Eval || Rate == 0.0) {
      c.mode = Mode::Eval;
      B::copy(y, x);
      return;
    }
    GANTK_CHECK(pass.rng != nullptr, "Dropout in train mode needs the pass's random stream (Pass::rng is null)");
    B::fill_uniform(B::view(c.mask), *pass.rng, T(0), T(1));
    const T keep = T(1) / T(1 - Rate), rate = T(Rate);
    B::map(B::view(c.mask), [=](T u) { return u >= rate ? keep : T(0); }, B::cview(c.mask));
    apply(c, y, x);
  }

  void backward(const T*, CView, CView, CView dy, View dx, T*, Cache& c) const {
    if (B::present(dx)) apply(c, dx, dy);
  }

  void tangent_forward(const T*, const T*, CView, CView, CView xd, View yd, Cache& c) const {
    if (B::present(xd)) apply(c, yd, xd);
    else B::fill(yd, T(0));
  }

  bool tangent_backward(const T*, const T*, CView, CView, CView, CView yb, CView ydb, View xb, View xdb, T*,
                        Cache& c) const {
    if (B::present(xdb)) apply(c, xdb, ydb);
    if (!B::present(yb)) return false;
    apply(c, xb, yb);
    return true;
  }

 private:
  static void apply(const Cache& c, View out, CView in) {
    if (c.mode == Mode::Eval) B::copy(out, in);
    else B::map(out, [](T m, T v) { return m * v; }, B::cview(c.mask), in);
  }
};

/// Dropout layer spec: zeroes each activation with probability Rate during training.
/// @tparam Rate  drop probability, in [0, 1)
template <double Rate = 0.5>
struct Dropout {
  static_assert(Rate >= 0.0 && Rate < 1.0, "Dropout<Rate>: the drop probability Rate must lie in [0, 1)");
  static constexpr double rate = Rate;
  template <class B, int In>
  using bind = DropoutLayer<B, In, Rate>;
};

}  // namespace gantk
