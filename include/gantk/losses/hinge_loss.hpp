// HingeLoss: the hinge version of the adversarial loss (Lim & Ye 2017, "Geometric GAN"; used by
// Miyato et al. 2018 with spectral normalisation).
#pragma once

#include <gantk/losses/loss.hpp>

namespace gantk {

/// D: E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))] on raw scores; G: −E[D(G(z))].
/// D stops pushing a sample once it is beyond the margin, which keeps its scores bounded.
/// Piecewise linear in D's outputs: the Hessian is zero (almost everywhere), and at a kink the
/// gradient takes the inactive side (0).
struct HingeLoss {
  static constexpr bool has_targets = false;
  static constexpr bool g_needs_real = false;

  template <class B>
  typename B::Scalar d_loss(typename B::CView r, typename B::CView f, typename B::View dr, typename B::View df,
                            const Targets&) const {
    using T = typename B::Scalar;
    return detail::mean_and_grad<B>(
               r, dr, [](T x) { return x < T(1) ? T(1) - x : T(0); }, [](T x) { return x < T(1) ? T(-1) : T(0); }) +
           detail::mean_and_grad<B>(
               f, df, [](T x) { return x > T(-1) ? T(1) + x : T(0); }, [](T x) { return x > T(-1) ? T(1) : T(0); });
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
