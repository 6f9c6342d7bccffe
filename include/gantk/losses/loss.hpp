// The loss contract, and the numerically stable scalar functions the losses share.
//
// A loss policy is a struct with member templates on the backend B:
//   T d_loss(r, f, dr, df, targets)   D's loss from its outputs on real (r) and fake (f) batches,
//                                     writing ∂L/∂r and ∂L/∂f (each 1 × batch)
//   T g_loss(r, f, df)                G's loss from D's outputs, writing ∂L/∂f; `r` is only read
//                                     when the loss sets g_needs_real (relativistic losses)
//   void d_loss_hvp(r, f, ṙ, ḟ, r̄, f̄, targets)
//                                     the Hessian of d_loss in (r, f) applied to (ṙ, ḟ): what
//                                     exact unrolling needs to differentiate through D's updates
//                                     (coupled losses such as RaGAN's include the coupling)
//   T g_loss(r, f, df, dr)            losses with g_needs_real also give ∂L_G/∂r, which exact
//                                     unrolling needs (D(real) depends on the unrolled D)
// and the flags `has_targets` (label smoothing may move the real/fake targets) and
// `g_needs_real`. Every loss is a mean over the batch, stable on logits, and is checked against
// central differences in tests/unit/test_losses.cpp.
#pragma once

#include <cmath>
#include <concepts>

#include <gantk/backend/archetype.hpp>
#include <gantk/backend/backend_ops.hpp>

namespace gantk {

/// Targets of D's classification losses; one-sided label smoothing moves `real` below 1.
struct Targets {
  double real = 1.0;
  double fake = 0.0;
};

/// Loss is a loss policy on backend B (see the contract above).
template <class Loss, class B>
concept LossPolicyOn = BackendOps<B> && requires(const Loss& l, typename B::CView c, typename B::View v, const Targets& t) {
  { Loss::has_targets } -> std::convertible_to<bool>;
  { Loss::g_needs_real } -> std::convertible_to<bool>;
  { l.template d_loss<B>(c, c, v, v, t) } -> std::convertible_to<typename B::Scalar>;
  { l.template g_loss<B>(c, c, v) } -> std::convertible_to<typename B::Scalar>;
};

template <class Loss, class B>
concept SecondOrderLossOn = LossPolicyOn<Loss, B> && requires(const Loss& l, typename B::CView c, typename B::View v,
                                                              const Targets& t) {
  l.template d_loss_hvp<B>(c, c, c, c, v, v, t);
};

template <class Loss, class B>
concept RealGradientGeneratorLossOn = LossPolicyOn<Loss, B> && requires(const Loss& l, typename B::CView c,
                                                                        typename B::View v) {
  { l.template g_loss<B>(c, c, v, v) } -> std::convertible_to<typename B::Scalar>;
};

/// A loss policy written for any backend (checked on the archetype, which has exactly the
/// BackendOps operations and nothing else).
template <class Loss>
concept LossPolicy = LossPolicyOn<Loss, detail::ArchetypeBackend>;

template <class Loss>
concept SecondOrderLoss = SecondOrderLossOn<Loss, detail::ArchetypeBackend>;

/// A loss whose G objective also reports ∂L_G/∂D(real) (needed where D(real) moves with G's
/// parameters, as in exact unrolling of a relativistic loss).
template <class Loss>
concept RealGradientGeneratorLoss = RealGradientGeneratorLossOn<Loss, detail::ArchetypeBackend>;

namespace detail {

/// log(1 + eˣ) without overflow.
template <class T>
GANTK_HD inline T softplus(T x) {
  return (x > T(0) ? x : T(0)) + std::log1p(std::exp(-std::abs(x)));
}

/// 1 / (1 + e⁻ˣ) without overflow.
template <class T>
GANTK_HD inline T sigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

/// Binary cross-entropy on a logit with target t: t·softplus(−x) + (1 − t)·softplus(x).
template <class T>
GANTK_HD inline T bce_logit(T x, T t) {
  return t * softplus(-x) + (T(1) - t) * softplus(x);
}

/// Sum over a 1 × n row of g(x_i), writing g'(x_i)/n into d; returns the mean.
template <class B, class F, class DF>
typename B::Scalar mean_and_grad(typename B::CView x, typename B::View d, F value, DF derivative) {
  using T = typename B::Scalar;
  const T inv_n = T(1) / static_cast<T>(x.size());
  B::map(d, [=](T v) { return derivative(v) * inv_n; }, x);
  return B::map_sum(value, x) * inv_n;
}

/// The Hessian of a mean of g(x_i) applied to ẋ: x̄_i = g''(x_i)·ẋ_i/n.
template <class B, class D2>
void mean_hvp(typename B::CView x, typename B::CView xd, typename B::View xb, D2 second_derivative) {
  using T = typename B::Scalar;
  const T inv_n = T(1) / static_cast<T>(x.size());
  B::map(xb, [=](T v, T t) { return second_derivative(v) * t * inv_n; }, x, xd);
}

}  // namespace detail
}  // namespace gantk
