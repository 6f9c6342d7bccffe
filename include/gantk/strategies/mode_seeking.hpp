// ModeSeeking: mode-seeking regularisation (Mao, Lee, Tseng, Ma & Yang 2019, "Mode Seeking
// Generative Adversarial Networks for Diverse Image Synthesis").
#pragma once

#include <cmath>

#include <gantk/core/error.hpp>
#include <gantk/core/policy.hpp>

namespace gantk {

/// Asks G to keep distinct latent codes apart in data space. The paper maximises the ratio
/// d(G(z₁), G(z₂)) / d(z₁, z₂); the authors' code (github.com/HelenMao/MSGAN, every variant)
/// takes it once per batch, with d the mean absolute difference over all pairs and coordinates,
///     r = mean|G(z₁) − G(z₂)| / mean|z₁ − z₂|,
/// and adds weight · 1 / (r + eps) to G's loss (eps = 1e-5, weight 1), which this does. Pairs
/// are samples (0, 1), (2, 3), … (codes are i.i.d., so which samples pair is immaterial; an odd
/// last sample has no partner). One batch-level ratio, not a mean of per-pair reciprocals: a
/// single near-identical pair then moves r little, where the per-pair form let it dominate the
/// batch with gradients up to ~1/eps² ≈ 10¹⁰.
/// 1/(r + eps) falls as r grows, so G is pushed to spread its outputs without the unbounded reward
/// that −r would give. The gradient goes into ∂/∂fake (the step's fake_grad), so it composes with any
/// loss.
struct ModeSeeking : Strategy {
  double weight = 1.0;  ///< λ_ms (the paper uses 1)
  double eps = 1e-5;    ///< keeps 1/(r + eps) finite for identical outputs (the authors' value)

  void validate() const {
    GANTK_CHECK(weight > 0 && std::isfinite(weight), "ModeSeeking: weight must be positive and finite, got ", weight);
    GANTK_CHECK(eps > 0 && std::isfinite(eps), "ModeSeeking: eps must be positive and finite, got ", eps);
  }

  template <class Step>
  double g_penalty(Step& step) const {
    using T = typename Step::T;
    const auto fake = step.fake();
    const auto z = step.z();
    auto fake_grad = step.fake_grad();
    const Index pairs = step.batch() / 2, d = fake.rows(), dz = z.rows();
    if (pairs == 0) return 0.0;
    double sum_df = 0, sum_dz = 0;  // Σ|G(z₁) − G(z₂)|, Σ|z₁ − z₂| over pairs and coordinates
    for (Index k = 0; k < pairs; ++k) {
      sum_df += static_cast<double>((fake.col(2 * k) - fake.col(2 * k + 1)).cwiseAbs().sum());
      sum_dz += static_cast<double>((z.col(2 * k) - z.col(2 * k + 1)).cwiseAbs().sum());
    }
    const double mean_dz = sum_dz / double(pairs * dz);
    if (mean_dz <= 0) return 0.0;  // every pair shares its code: no ratio to seek
    const double ratio = sum_df / double(pairs * d) / mean_dz;
    const double inv = 1.0 / (ratio + eps);
    // ∂(weight/(r+eps))/∂fake_a,i = −weight·inv² · sign(fake_a,i − fake_b,i) / (pairs · d · mean_dz)
    const T g = static_cast<T>(-weight * inv * inv / (double(pairs * d) * mean_dz));
    for (Index k = 0; k < pairs; ++k) {
      const Index a = 2 * k, b = 2 * k + 1;
      for (Index i = 0; i < d; ++i) {
        const T diff = fake(i, a) - fake(i, b);
        const T s = diff > T(0) ? g : (diff < T(0) ? -g : T(0));
        fake_grad(i, a) += s;
        fake_grad(i, b) -= s;
      }
    }
    return weight * inv;
  }
};

}  // namespace gantk
