// Arithmetic of a training step, counted from the networks' Dense layers (2 flops per
// multiply-add of each matrix product; biases, activations and the optimizer are O(params + n·width)
// and left out, as is usual when quoting GEMM-bound throughput).
#pragma once

#include <gantk/gantk.hpp>

namespace gantk::bench {

template <class L>
struct dense_dims {
  static constexpr double in = 0, out = 0;  // not a matrix product
};
template <class B, int In, int Out, class Init>
struct dense_dims<DenseLayer<B, In, Out, Init>> {
  static constexpr double in = In, out = Out;
};

/// Flops of one forward pass of Net over n columns; the backward passes cost the same per
/// product for each of dW and dx.
template <class Net>
struct net_flops {
  template <std::size_t... I>
  static double sum(double n, bool skip_first, std::index_sequence<I...>) {
    return (0.0 + ... + ((skip_first && I == 0) ? 0.0 : 2.0 * n * dense_dims<typename Net::template LayerAt<I>>::in *
                                                           dense_dims<typename Net::template LayerAt<I>>::out));
  }
  static double forward(double n) { return sum(n, false, std::make_index_sequence<Net::depth>{}); }
  /// dx of every layer but the first (the first layer's input gradient is not needed)
  static double input_grads_but_first(double n) { return sum(n, true, std::make_index_sequence<Net::depth>{}); }
};

/// One plain step (n_critic 1): G forward; D forward on real and fake, D backward on both with
/// dW (and dx below the first layer), D forward on fake again and backward to the fakes (dx
/// everywhere); G backward with dW and dx below the first layer.
template <class Gan>
double step_flops(Index batch) {
  using G = net_flops<typename Gan::GNet>;
  using D = net_flops<typename Gan::DNet>;
  const double n = static_cast<double>(batch), nd = n / Gan::pack;
  const double d_update = 2 * D::forward(nd) + 2 * (D::forward(nd) + D::input_grads_but_first(nd));
  const double g_update = D::forward(nd) + D::forward(nd) + G::forward(n) + G::input_grads_but_first(n);
  return G::forward(n) + d_update + g_update;
}

}  // namespace gantk::bench
