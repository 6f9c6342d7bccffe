// backward_from<I>: the reverse pass of a network from the output of its layer I down to its
// input, for strategies whose objective lives on an intermediate layer (feature matching, the
// auxiliary heads of AC-GAN and InfoGAN).
#pragma once

#include <gantk/nn/network.hpp>

namespace gantk::detail {

/// With the tape of the last forward pass, back-propagates dy (the gradient with respect to the
/// output of layer I, out_widths[I] × batch) to the network's input, writing dx (skipped when
/// none), and adds the parameter gradients of layers 0..I to dp (skipped when null; same layout
/// as the network's parameters). Uses the tape's adjoint buffers, as Network::backward does.
template <std::size_t I, class Net>
void backward_from(const Net& net, const typename Net::T* p, typename Net::Tape& t, typename Net::CView dy,
                   typename Net::View dx, typename Net::T* dp = nullptr) {
  static_assert(I < Net::depth, "backward_from<I>: I must name a layer of the network");
  using B = typename Net::Backend;
  const Index n = t.batch;
  const typename Net::T* cur = dy.data();
  std::size_t k = 0;
  for_each_index_reverse<I + 1>([&](auto i) {
    const auto x = [&] {
      if constexpr (i == 0) return B::cview(t.input, Net::in_width, n);
      else return B::cview(t.out[i - 1]);
    }();
    auto dxi = i == 0 ? dx : B::view(t.adjoint[k].data(), Net::in_widths[i], n);
    std::get<i>(net.layers).backward(p + Net::param_offsets[i], x, B::cview(t.out[i]),
                                     B::cview(cur, Net::out_widths[i], n), dxi,
                                     dp ? dp + Net::param_offsets[i] : nullptr, std::get<i>(t.caches));
    cur = dxi.data();
    k ^= 1;
  });
}

}  // namespace gantk::detail
