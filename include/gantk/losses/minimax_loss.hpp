// MinimaxLoss: the original, saturating GAN objective of Goodfellow et al. 2014.
#pragma once

#include <gantk/losses/non_saturating_loss.hpp>

namespace gantk {

/// D: as NonSaturatingLoss. G: E[log(1 − σ(D(G(z))))] = −E[softplus(D(G(z)))], the literal
/// minimax game. Its gradient vanishes when D rejects fakes confidently — kept for study and
/// comparison, not as a default.
struct MinimaxLoss : NonSaturatingLoss {
  template <class B>
  typename B::Scalar g_loss(typename B::CView, typename B::CView f, typename B::View df) const {
    using T = typename B::Scalar;
    return detail::mean_and_grad<B>(f, df, [](T x) { return -detail::softplus(x); },
                                    [](T x) { return -detail::sigmoid(x); });
  }
};

}  // namespace gantk
