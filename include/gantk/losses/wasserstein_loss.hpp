// WassersteinLoss: the critic objective of the Wasserstein GAN (Arjovsky, Chintala & Bottou 2017).
#pragma once

#include <gantk/losses/loss.hpp>

namespace gantk {

/// D is a critic with an unbounded score: it minimises E[D(G(z))] − E[D(x)], an estimate of
/// −W₁(P_data, P_G) when D is 1-Lipschitz; G minimises −E[D(G(z))].
/// The loss is linear in D's outputs, so its Hessian is zero. It says nothing about the
/// Lipschitz constraint: pair it with WeightClipping (the paper) or GradientPenalty (WGAN-GP,
/// Gulrajani et al. 2017), which also suggest the papers' optimizers and n_critic.
struct WassersteinLoss {
  /// fit() warns when no strategy constrains D (training/critic_constraint.hpp).
  static constexpr bool needs_lipschitz_critic = true;
  static constexpr bool has_targets = false;
  static constexpr bool g_needs_real = false;

  template <class B>
  typename B::Scalar d_loss(typename B::CView r, typename B::CView f, typename B::View dr, typename B::View df,
                            const Targets&) const {
    using T = typename B::Scalar;
    return detail::mean_and_grad<B>(r, dr, [](T x) { return -x; }, [](T) { return T(-1); }) +
           detail::mean_and_grad<B>(f, df, [](T x) { return x; }, [](T) { return T(1); });
  }

  template <class B>
  typename B::Scalar g_loss(typename B::CView, typename B::CView f, typename B::View df) const {
    using T = typename B::Scalar;
    return detail::mean_and_grad<B>(f, df, [](T x) { return -x; }, [](T) { return T(-1); });
  }

  template <class B>
  void d_loss_hvp(typename B::CView, typename B::CView, typename B::CView, typename B::CView, typename B::View rb,
                  typename B::View fb, const Targets&) const {
    using T = typename B::Scalar;
    B::fill(rb, T(0));
    B::fill(fb, T(0));
  }
};

}  // namespace gantk
