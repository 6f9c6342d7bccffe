// ModeSeeking: mode-seeking regularisation (Mao, Lee, Tseng, Ma & Yang 2019, "Mode Seeking
// Generative Adversarial Networks for Diverse Image Synthesis").
#pragma once

#include <cmath>

#include <gantk/core/error.hpp>
#include <gantk/core/policy.hpp>

namespace gantk {

/// Asks G to keep distinct latent codes apart in data space. Samples of the batch are paired
/// (0, 1), (2, 3), …; for each pair r = d(G(z₁), G(z₂)) / d(z₁, z₂) with d the mean absolute
/// difference (as in the authors' code), and G's objective gains
///     weight · mean over pairs of 1 / (r + eps),
/// which falls as r grows: maximising r without the unbounded reward that −r would give. A
/// collapsing G maps many z to one point (r → 0), which this term punishes directly.
/// The gradient goes into ∂/∂fake (ctx.fake_grad), so it composes with any loss.
struct ModeSeeking : Strategy {
  double weight = 1.0;  ///< λ_ms (the paper uses 1)
  double eps = 1e-5;    ///< keeps 1/(r + eps) finite for identical outputs

  template <class Gan>
  void validate(const Gan&) const {
    GANTK_CHECK(weight > 0 && std::isfinite(weight), "ModeSeeking: weight must be positive and finite, got ", weight);
    GANTK_CHECK(eps > 0 && std::isfinite(eps), "ModeSeeking: eps must be positive and finite, got ", eps);
  }

  template <class Ctx>
  double g_penalty(Ctx& ctx) const {
    using T = typename std::remove_cvref_t<decltype(ctx.fake_grad)>::Scalar;
    const Index pairs = ctx.batch / 2, d = ctx.fake.rows(), dz = ctx.z.rows();
    if (pairs == 0) return 0.0;
    double total = 0;
    for (Index k = 0; k < pairs; ++k) {
      const Index a = 2 * k, b = 2 * k + 1;
      const double df = static_cast<double>((ctx.fake.col(a) - ctx.fake.col(b)).cwiseAbs().sum()) / double(d);
      const double dzv = static_cast<double>((ctx.z.col(a) - ctx.z.col(b)).cwiseAbs().sum()) / double(dz);
      if (dzv <= 0) continue;  // identical codes: no ratio to seek
      const double inv = 1.0 / (df / dzv + eps);
      total += inv;
      // ∂(1/(r+eps))/∂fake_a,i = −inv² · sign(fake_a,i − fake_b,i) / (d · dz)
      const T g = static_cast<T>(-weight * inv * inv / (double(d) * dzv * double(pairs)));
      for (Index i = 0; i < d; ++i) {
        const T diff = ctx.fake(i, a) - ctx.fake(i, b);
        const T s = diff > T(0) ? g : (diff < T(0) ? -g : T(0));
        ctx.fake_grad(i, a) += s;
        ctx.fake_grad(i, b) -= s;
      }
    }
    return weight * total / static_cast<double>(pairs);
  }
};

}  // namespace gantk
