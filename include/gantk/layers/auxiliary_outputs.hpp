// AuxiliaryOutputs<K>: the last layer of a discriminator with an auxiliary head (AC-GAN's class
// head, InfoGAN's Q head). The layer before it outputs 1 + K rows; row 0 is D's real/fake output,
// which this layer passes on, rows 1..K are the auxiliary outputs, which stay on the tape for the
// strategy that reads them (strategies/conditioning/auxiliary_head.hpp).
#pragma once

#include <gantk/layers/layer.hpp>

namespace gantk {

namespace detail {
template <int In, int K>
struct AuxiliaryOutputsWidth {
  static_assert(In == 1 + K,
                "AuxiliaryOutputs<K> must follow a layer with 1 + K outputs (D's score and K auxiliary outputs); "
                "AuxiliaryOutputsWidth<In, K> in the instantiation gives both. A strategy that inserts a layer before "
                "D's head (MinibatchDisc, MinibatchStdDev) must come before the auxiliary head's rewrite, which the "
                "GAN does by itself: write AuxiliaryOutputs by hand only at the very end of D");
  static constexpr bool ok = true;
};
}  // namespace detail

/// The bound layer: y = x[0, :]. Linear and parameter-free: dx is dy in row 0 and 0 in the
/// auxiliary rows, so everything differentiated through D's output (the loss, gradient
/// penalties, R1, unrolling) leaves the auxiliary rows out; only the strategy that owns them
/// back-propagates into them (detail::backward_from on the layer before).
template <class B, int In, int K>
struct AuxiliaryOutputsLayer {
  static_assert(detail::AuxiliaryOutputsWidth<In, K>::ok);
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Cache = NoCache;
  static constexpr int in_width = In;
  static constexpr int out_width = 1;
  static constexpr int auxiliary_width = K;
  static constexpr Index param_count = 0;
  static constexpr Index state_count = 0;

  void init(T*, T*, Rng&) const {}
  void forward(const T*, T*, CView x, View y, Cache&, const Pass&) const { B::copy_rows(y, 0, x, 0, 1); }
  void backward(const T*, CView, CView, CView dy, View dx, T*, Cache&) const {
    if (!B::present(dx)) return;
    B::copy_rows(dx, 0, dy, 0, 1);
    B::fill_rows(dx, 1, K, T(0));
  }
  void tangent_forward(const T*, const T*, CView, CView, CView xd, View yd, Cache&) const {
    if (B::present(xd)) B::copy_rows(yd, 0, xd, 0, 1);
    else B::fill(yd, T(0));
  }
  bool tangent_backward(const T*, const T*, CView, CView, CView, CView yb, CView ydb, View xb, View xdb, T*,
                        Cache&) const {
    if (B::present(xdb)) {
      B::copy_rows(xdb, 0, ydb, 0, 1);
      B::fill_rows(xdb, 1, K, T(0));
    }
    if (!B::present(yb)) return false;
    B::copy_rows(xb, 0, yb, 0, 1);
    B::fill_rows(xb, 1, K, T(0));
    return true;
  }
};

/// Layer spec: passes on row 0 of its 1 + K inputs (D's output) and leaves rows 1..K (an
/// auxiliary head's outputs) on the tape. gantk::AuxiliaryClassifier<K> and gantk::InfoGan put
/// it after D's widened head; it is not meant to be written by hand elsewhere.
/// @tparam K  number of auxiliary outputs
template <int K>
struct AuxiliaryOutputs {
  static_assert(K >= 1, "AuxiliaryOutputs<K>: K (the number of auxiliary outputs) must be at least 1");
  static constexpr int width = 1;
  template <class B, int In>
  using bind = AuxiliaryOutputsLayer<B, In, K>;
};

}  // namespace gantk
