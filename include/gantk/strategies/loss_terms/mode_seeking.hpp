// ModeSeeking: mode-seeking regularisation (Mao, Lee, Tseng, Ma & Yang 2019, "Mode Seeking
// Generative Adversarial Networks for Diverse Image Synthesis").
#pragma once

#include <cmath>

#include <gantk/foundation/error.hpp>
#include <gantk/training/policy.hpp>

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
    using B = typename Step::B;
    const auto fake = step.fake();
    const auto z = step.z();
    const auto fake_grad = step.fake_grad();
    const Index pairs = step.batch() / 2, d = fake.rows(), dz = z.rows();
    if (pairs == 0) return 0.0;
    const auto col = [](const auto& v, Index j) { return B::columns(v, j, 1); };
    const auto abs_diff = [](T a, T b) { return a > b ? a - b : b - a; };
    double sum_df = 0, sum_dz = 0;  // Σ|G(z₁) − G(z₂)|, Σ|z₁ − z₂| over pairs and coordinates
    for (Index k = 0; k < pairs; ++k) {
      sum_df += static_cast<double>(B::map_sum(abs_diff, col(fake, 2 * k), col(fake, 2 * k + 1)));
      sum_dz += static_cast<double>(B::map_sum(abs_diff, col(z, 2 * k), col(z, 2 * k + 1)));
    }
    const double mean_dz = sum_dz / double(pairs * dz);
    if (mean_dz <= 0) return 0.0;  // every pair shares its code: no ratio to seek
    const double ratio = sum_df / double(pairs * d) / mean_dz;
    const double inv = 1.0 / (ratio + eps);
    // ∂(weight/(r+eps))/∂fake_a,i = −weight·inv² · sign(fake_a,i − fake_b,i) / (pairs · d · mean_dz)
    const T g = static_cast<T>(-weight * inv * inv / (double(pairs * d) * mean_dz));
    const auto step_a = [g](T grad, T a, T b) { return grad + (a > b ? g : (a < b ? -g : T(0))); };
    const auto step_b = [g](T grad, T a, T b) { return grad - (a > b ? g : (a < b ? -g : T(0))); };
    for (Index k = 0; k < pairs; ++k) {
      const auto a = col(fake, 2 * k), b = col(fake, 2 * k + 1);
      const auto grad_a = col(fake_grad, 2 * k), grad_b = col(fake_grad, 2 * k + 1);
      B::map(grad_a, step_a, B::cview(grad_a), a, b);
      B::map(grad_b, step_b, B::cview(grad_b), a, b);
    }
    return weight * inv;
  }
};

}  // namespace gantk
