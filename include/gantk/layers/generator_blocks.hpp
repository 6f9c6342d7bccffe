// GeneratorBlocks<K>: turns the layer after it into K separate layers, one per generator, chosen
// per sample by the one-hot code the pass carries; MultiGenerator<K> puts it first in G, which
// gives MGAN's parameter sharing (Hoang et al. 2018: every layer shared except the first).
#pragma once

#include <gantk/layers/layer.hpp>

namespace gantk {

/// The bound layer: y = [c₁·x; c₂·x; …; c_K·x; c] for the K × batch one-hot code c of the pass
/// (Pass::with_condition). A Dense layer after it computes Σₖ cₖ·Wₖx + W_c c + b = W_k x + b_k
/// for the sample's generator k: K weight matrices and biases in one layer, with one optimizer
/// and no branching over the batch. The code is data, not a variable, so the layer is linear in
/// x: backward and tangents apply the same per-sample selection (read back from y's last K rows,
/// since backward gets no pass). No parameters.
template <class B, int In, int K>
struct GeneratorBlocksLayer {
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  static constexpr int in_width = In;
  static constexpr int out_width = K * In + K;
  static constexpr Index param_count = 0;
  static constexpr Index state_count = 0;
  using Cache = NoCache;

  void init(T*, T*, Rng&) const {}

  void forward(const T*, T*, CView x, View y, Cache&, const Pass& pass) const {
    const CView code = B::cview(detail::pass_condition<T>(pass, K, x.cols(), "GeneratorBlocks"), K, x.cols());
    B::copy_rows(y, K * In, code, 0, K);
    select(y, x, B::cview(y));
  }

  void backward(const T*, CView, CView y, CView dy, View dx, T*, Cache&) const {
    if (B::present(dx)) gather(dx, dy, y);
  }

  void tangent_forward(const T*, const T*, CView, CView y, CView xd, View yd, Cache&) const {
    B::fill(yd, T(0));
    if (B::present(xd)) select(yd, xd, y);
  }

  bool tangent_backward(const T*, const T*, CView, CView y, CView, CView yb, CView ydb, View xb, View xdb, T*,
                        Cache&) const {
    if (B::present(xdb)) gather(xdb, ydb, y);
    if (!B::present(yb)) return false;
    gather(xb, yb, y);
    return true;
  }

 private:
  // blocks k of out = c_k · v (the code read from rows K·In.. of `coded`)
  static void select(View out, CView v, CView coded) {
    B::fill_rows(out, 0, K * In, T(0));
    for (int k = 0; k < K; ++k) B::add_rows_scaled(out, k * In, v, 0, In, coded, K * In + k);
  }
  // the adjoint of select: out = Σ_k c_k · block k of g
  static void gather(View out, CView g, CView coded) {
    B::fill(out, T(0));
    for (int k = 0; k < K; ++k) B::add_rows_scaled(out, 0, g, k * In, In, coded, K * In + k);
  }
};

/// Layer spec: K copies of its input, each multiplied by one entry of the pass's K-row one-hot
/// code, then the code itself (output width K·In + K), so that the next Dense layer acts as K
/// separate ones, one per generator. gantk::MultiGenerator<K> puts it first in G.
/// @tparam K  number of generators (rows of the code)
template <int K>
struct GeneratorBlocks {
  static_assert(K >= 2, "GeneratorBlocks<K>: K (the number of generators) must be at least 2");
  template <class B, int In>
  using bind = GeneratorBlocksLayer<B, In, K>;
};

}  // namespace gantk
