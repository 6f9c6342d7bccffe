// AppendCondition<K>: appends the pass's condition (K rows: a class code) to the layer's input,
// the input concatenation of conditional GANs (Mirza & Osindero 2014, "Conditional Generative
// Adversarial Nets").
#pragma once

#include <gantk/layers/layer.hpp>

namespace gantk {

/// The bound layer: y = [x; c], c the K × batch condition the Pass carries (Pass::with_condition).
/// The condition is data, not a variable: nothing flows back into it, so dx, the tangent and
/// its adjoint are those of the identity on x's rows. No parameters.
template <class B, int In, int K>
struct AppendConditionLayer {
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  static constexpr int in_width = In;
  static constexpr int out_width = In + K;
  static constexpr Index param_count = 0;
  static constexpr Index state_count = 0;
  using Cache = NoCache;

  void init(T*, T*, Rng&) const {}

  void forward(const T*, T*, CView x, View y, Cache&, const Pass& pass) const {
    const T* code = detail::pass_condition<T>(pass, K, x.cols(), "AppendCondition");
    B::copy_rows(y, 0, x, 0, In);
    B::copy_rows(y, In, B::cview(code, K, x.cols()), 0, K);
  }

  void backward(const T*, CView, CView, CView dy, View dx, T*, Cache&) const {
    if (B::present(dx)) B::copy_rows(dx, 0, dy, 0, In);
  }

  void tangent_forward(const T*, const T*, CView, CView, CView xd, View yd, Cache&) const {
    if (B::present(xd)) {
      B::copy_rows(yd, 0, xd, 0, In);
      B::fill_rows(yd, In, K, T(0));
    } else {
      B::fill(yd, T(0));
    }
  }

  bool tangent_backward(const T*, const T*, CView, CView, CView, CView yb, CView ydb, View xb, View xdb, T*,
                        Cache&) const {
    if (B::present(xdb)) B::copy_rows(xdb, 0, ydb, 0, In);
    if (!B::present(yb)) return false;
    B::copy_rows(xb, 0, yb, 0, In);
    return true;
  }
};

/// Layer spec: appends the K-row condition of the pass to the input (output width In + K).
/// gantk::Conditional<K> puts it first in G and D; written by hand it lets a network take the
/// condition deeper in (e.g. after D's first layer).
/// @tparam K  rows of the condition (the number of classes for one-hot class codes)
template <int K>
struct AppendCondition {
  static_assert(K >= 1, "AppendCondition<K>: the condition needs at least one row");
  template <class B, int In>
  using bind = AppendConditionLayer<B, In, K>;
};

}  // namespace gantk
