// D2GanLoss: the first discriminator's part of D2GAN (Nguyen, Le, Vu & Phung 2017, "Dual
// Discriminator Generative Adversarial Nets"); the D2Gan strategy adds the second.
#pragma once

#include <cmath>

#include <gantk/foundation/error.hpp>
#include <gantk/losses/loss.hpp>

namespace gantk {

namespace detail {
// log(softplus(s)) without log(0): below −30, softplus(s) = eˢ(1 − eˢ/2 + …) and log is s to
// within eˢ/2 < 5·10⁻¹⁴
template <class T>
inline T log_softplus(T s) {
  return s < T(-30) ? s : std::log(softplus(s));
}
// d/ds log(softplus(s)) = σ(s) / softplus(s) (→ 1 as s → −∞)
template <class T>
inline T log_softplus_grad(T s) {
  return s < T(-30) ? T(1) : sigmoid(s) / softplus(s);
}
// d²/ds² log(softplus(s)) = σ(1 − σ)/softplus − (σ/softplus)² (→ 0 as s → −∞)
template <class T>
inline T log_softplus_curvature(T s) {
  if (s < T(-30)) return T(0);
  const T sig = sigmoid(s), sp = softplus(s), q = sig / sp;
  return sig * (T(1) - sig) / sp - q * q;
}
}  // namespace detail

/// D2GAN's D1, the discriminator that rewards real data, on D's raw score s with D1 = softplus(s) > 0:
///   D1 minimises  −α E_x[log D1(x)] + E_z[D1(G(z))],   G minimises  −E_z[D1(G(z))].
/// Alone this is a GAN in its own right: at D1's optimum (α p_data / p_G) G minimises α·KL(P_data ‖ P_G)
/// up to a constant (the paper's Theorem 2 without D2). With the D2Gan strategy, the second
/// discriminator adds the reverse KL with weight β; D2Gan requires this loss.
/// α = 1 is the authors' code's default (their 2-D runs); the paper's experiments use small α and β
/// (0.01–0.2) for stability on images. No targets: label smoothing does not apply.
struct D2GanLoss {
  static constexpr bool has_targets = false;
  static constexpr bool g_needs_real = false;

  double alpha = 1.0;  ///< α: weight of D1's log term on real data

  template <class B>
  typename B::Scalar d_loss(typename B::CView r, typename B::CView f, typename B::View dr, typename B::View df,
                            const Targets&) const {
    using T = typename B::Scalar;
    GANTK_CHECK(std::isfinite(alpha) && alpha > 0, "D2GanLoss: alpha must be positive and finite, got ", alpha);
    const T a = static_cast<T>(alpha);
    return detail::mean_and_grad<B>(r, dr, [a](T s) { return -a * detail::log_softplus(s); },
                                    [a](T s) { return -a * detail::log_softplus_grad(s); }) +
           detail::mean_and_grad<B>(f, df, [](T s) { return detail::softplus(s); },
                                    [](T s) { return detail::sigmoid(s); });
  }

  template <class B>
  typename B::Scalar g_loss(typename B::CView, typename B::CView f, typename B::View df) const {
    using T = typename B::Scalar;
    return detail::mean_and_grad<B>(f, df, [](T s) { return -detail::softplus(s); },
                                    [](T s) { return -detail::sigmoid(s); });
  }

  template <class B>
  void d_loss_hvp(typename B::CView r, typename B::CView f, typename B::CView rd, typename B::CView fd,
                  typename B::View rb, typename B::View fb, const Targets&) const {
    using T = typename B::Scalar;
    const T a = static_cast<T>(alpha);
    detail::mean_hvp<B>(r, rd, rb, [a](T s) { return -a * detail::log_softplus_curvature(s); });
    detail::mean_hvp<B>(f, fd, fb, [](T s) {
      const T sig = detail::sigmoid(s);
      return sig * (T(1) - sig);
    });
  }
};

}  // namespace gantk
