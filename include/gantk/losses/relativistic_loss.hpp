// RelativisticLoss: the relativistic average GAN, RaGAN (Jolicoeur-Martineau 2018, "The
// relativistic discriminator: a key element missing from standard GAN"), non-saturating form.
#pragma once

#include <gantk/losses/loss.hpp>

namespace gantk {

/// D judges whether a real sample looks more real than the average fake, and the reverse:
/// with a_i = D(x_i) − mean_j D(G(z_j)) and b_j = D(G(z_j)) − mean_i D(x_i) (logits),
///   D:  E_i[BCE(a_i, t_real)] + E_j[BCE(b_j, t_fake)]     (targets 1 and 0 by default)
///   G:  E_j[BCE(b_j, 1)]      + E_i[BCE(a_i, 0)]          (the roles swapped)
/// G's loss involves D(real) too (g_needs_real), so G also learns from real data. Because of the
/// means, the loss is not a sum over samples: every output's gradient depends on the whole
/// batch, and d_loss_hvp includes that coupling. Computed with softplus on logits.
struct RelativisticLoss {
  static constexpr bool has_targets = true;
  static constexpr bool g_needs_real = true;

  template <class B>
  typename B::Scalar d_loss(typename B::CView r, typename B::CView f, typename B::View dr, typename B::View df,
                            const Targets& t) const {
    using T = typename B::Scalar;
    return pair_loss<B>(r, f, dr, df, static_cast<T>(t.real), static_cast<T>(t.fake));
  }

  template <class B>
  typename B::Scalar g_loss(typename B::CView r, typename B::CView f, typename B::View df) const {
    return pair_loss<B>(r, f, B::none(), df, typename B::Scalar(0), typename B::Scalar(1));
  }

  /// G's loss with ∂L_G/∂D(real) as well (for exact unrolling).
  template <class B>
  typename B::Scalar g_loss(typename B::CView r, typename B::CView f, typename B::View df, typename B::View dr) const {
    return pair_loss<B>(r, f, dr, df, typename B::Scalar(0), typename B::Scalar(1));
  }

  // With s(x) = σ(x)(1 − σ(x)), ȧ_i = ṙ_i − mean ḟ and ḃ_j = ḟ_j − mean ṙ:
  //   r̄_k = (s(a_k) ȧ_k − mean_j s(b_j) ḃ_j) / n,   f̄_l = (s(b_l) ḃ_l − mean_i s(a_i) ȧ_i) / m.
  template <class B>
  void d_loss_hvp(typename B::CView r, typename B::CView f, typename B::CView rd, typename B::CView fd,
                  typename B::View rb, typename B::View fb, const Targets&) const {
    using T = typename B::Scalar;
    const T n = T(r.size()), m = T(f.size());
    const T mr = B::sum(r) / n, mf = B::sum(f) / m;
    const T mrd = B::sum(rd) / n, mfd = B::sum(fd) / m;
    B::map(rb, [=](T x, T t) { return curvature(x - mf) * (t - mfd); }, r, rd);
    B::map(fb, [=](T x, T t) { return curvature(x - mr) * (t - mrd); }, f, fd);
    const T mean_a = B::sum(B::cview(rb)) / n, mean_b = B::sum(B::cview(fb)) / m;
    B::map(rb, [=](T v) { return (v - mean_b) / n; }, B::cview(rb));
    B::map(fb, [=](T v) { return (v - mean_a) / m; }, B::cview(fb));
  }

 private:
  template <class T>
  static T curvature(T x) {
    const T s = detail::sigmoid(x);
    return s * (T(1) - s);
  }

  // E_i[BCE(a_i, ta)] + E_j[BCE(b_j, tb)] and its gradients (dr skipped when none):
  //   ∂/∂r_k = (φ'(a_k) − mean_j ψ'(b_j)) / n,  ∂/∂f_l = (ψ'(b_l) − mean_i φ'(a_i)) / m,
  // with φ'(a) = σ(a) − ta and ψ'(b) = σ(b) − tb.
  template <class B>
  static typename B::Scalar pair_loss(typename B::CView r, typename B::CView f, typename B::View dr,
                                      typename B::View df, typename B::Scalar ta, typename B::Scalar tb) {
    using T = typename B::Scalar;
    const T n = T(r.size()), m = T(f.size());
    const T mr = B::sum(r) / n, mf = B::sum(f) / m;
    const T value_a = B::map_sum([=](T x) { return detail::bce_logit(x - mf, ta); }, r);
    const T value_b = B::map_sum([=](T x) { return detail::bce_logit(x - mr, tb); }, f);
    const T slope_a = B::map_sum([=](T x) { return detail::sigmoid(x - mf) - ta; }, r) / n;
    const T slope_b = B::map_sum([=](T x) { return detail::sigmoid(x - mr) - tb; }, f) / m;
    if (B::present(dr)) B::map(dr, [=](T x) { return (detail::sigmoid(x - mf) - ta - slope_b) / n; }, r);
    B::map(df, [=](T x) { return (detail::sigmoid(x - mr) - tb - slope_a) / m; }, f);
    return value_a / n + value_b / m;
  }
};

}  // namespace gantk
