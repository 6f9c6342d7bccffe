// LeastSquaresLoss: the least-squares GAN (Mao et al. 2017, "Least Squares Generative
// Adversarial Networks").
#pragma once

#include <gantk/losses/loss.hpp>

namespace gantk {

/// D: ½E[(D(x) − b)²] + ½E[(D(G(z)) − a)²]; G: ½E[(D(G(z)) − c)²], on raw scores.
/// a and b are the targets (0 and 1 by default; label smoothing may move b), c is
/// `generator_target` (1: the paper's "0-1-1" coding; the paper's a = −1, b = 1, c = 0 coding
/// needs targets {−1, 1} and generator_target 0). Unlike the log loss, fakes far on the right
/// side of the boundary are still pulled toward it, so G's gradient does not vanish.
struct LeastSquaresLoss {
  static constexpr bool has_targets = true;
  static constexpr bool g_needs_real = false;

  double generator_target = 1.0;  ///< c: the score G wants D to give its samples

  template <class B>
  typename B::Scalar d_loss(typename B::CView r, typename B::CView f, typename B::View dr, typename B::View df,
                            const Targets& t) const {
    using T = typename B::Scalar;
    return half_square<B>(r, dr, static_cast<T>(t.real)) + half_square<B>(f, df, static_cast<T>(t.fake));
  }

  template <class B>
  typename B::Scalar g_loss(typename B::CView, typename B::CView f, typename B::View df) const {
    using T = typename B::Scalar;
    return half_square<B>(f, df, static_cast<T>(generator_target));
  }

  template <class B>
  void d_loss_hvp(typename B::CView r, typename B::CView f, typename B::CView rd, typename B::CView fd,
                  typename B::View rb, typename B::View fb, const Targets&) const {
    using T = typename B::Scalar;
    detail::mean_hvp<B>(r, rd, rb, [](T) { return T(1); });
    detail::mean_hvp<B>(f, fd, fb, [](T) { return T(1); });
  }

 private:
  template <class B>
  static typename B::Scalar half_square(typename B::CView x, typename B::View dx, typename B::Scalar target) {
    using T = typename B::Scalar;
    return detail::mean_and_grad<B>(
        x, dx, [target](T v) { return T(0.5) * (v - target) * (v - target); }, [target](T v) { return v - target; });
  }
};

}  // namespace gantk
