// NonSaturatingLoss: the standard GAN loss of Goodfellow et al. 2014 with the generator's
// "−log D(G(z))" trick.
#pragma once

#include <gantk/losses/loss.hpp>

namespace gantk {

/// D: E[BCE(D(x), t_real)] + E[BCE(D(G(z)), t_fake)] on logits (targets 1 and 0 unless label
/// smoothing moves them); G: E[softplus(−D(G(z)))] = −E[log σ(D(G(z)))].
/// Computed with softplus on logits, so no log of 0 or exp overflow is possible.
struct NonSaturatingLoss {
  static constexpr bool has_targets = true;
  static constexpr bool g_needs_real = false;

  template <class B>
  typename B::Scalar d_loss(typename B::CView r, typename B::CView f, typename B::View dr, typename B::View df,
                            const Targets& t) const {
    using T = typename B::Scalar;
    const T tr = static_cast<T>(t.real), tf = static_cast<T>(t.fake);
    return detail::mean_and_grad<B>(r, dr, [tr](T x) { return detail::bce_logit(x, tr); },
                                    [tr](T x) { return detail::sigmoid(x) - tr; }) +
           detail::mean_and_grad<B>(f, df, [tf](T x) { return detail::bce_logit(x, tf); },
                                    [tf](T x) { return detail::sigmoid(x) - tf; });
  }

  template <class B>
  typename B::Scalar g_loss(typename B::CView, typename B::CView f, typename B::View df) const {
    using T = typename B::Scalar;
    return detail::mean_and_grad<B>(f, df, [](T x) { return detail::softplus(-x); },
                                    [](T x) { return detail::sigmoid(x) - T(1); });
  }

  // each batch is normalised by its own size (the fake batch may differ from the real one)
  template <class B>
  void d_loss_hvp(typename B::CView r, typename B::CView f, typename B::CView rd, typename B::CView fd,
                  typename B::View rb, typename B::View fb, const Targets&) const {
    using T = typename B::Scalar;
    const auto curvature = [](T x) {
      const T s = detail::sigmoid(x);
      return s * (T(1) - s);
    };
    detail::mean_hvp<B>(r, rd, rb, curvature);
    detail::mean_hvp<B>(f, fd, fb, curvature);
  }
};

}  // namespace gantk
