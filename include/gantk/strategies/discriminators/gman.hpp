// Gman<N>: N independent discriminators, G trained on their soft-mean (Durugkar, Gemp & Mahadevan
// 2017, "Generative Multi-Adversarial Networks", GMAN with the soft-mean of the losses).
#pragma once

#include <gantk/strategies/discriminators/independent_discriminators.hpp>
#include <gantk/strategies/discriminators/soft_mean.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

/// GMAN: N discriminators, each a separate network of D's shape with its own initialisation
/// (independent_discriminators_t: nothing is shared), each trained on the GAN's loss against the
/// same real and fake batches. G descends the λ-soft-mean of their G losses,
///   F = Σ_i w_i L_i,   w = softmax(λ L),
/// GMAN's rule: λ = 0 the arithmetic mean, λ → ∞ the maximum (the harshest discriminator). The
/// gradient is F's exact one, ∂F/∂L_i = w_i (1 + λ (L_i − F)). weights() gives the last w.
/// D's output, which the loss, label smoothing and the monitor see, is discriminator 1;
/// auxiliary_outputs(gan, x) gives discriminators 2..N.
///
/// Not built: GMAN's boosted variant and GMAN* (λ learned by G). MultiHeadD<N> is the cheaper
/// relative: N heads on one shared body.
///
/// D must be made of Dense layers, activations, BatchNorm and dropout (strategies that add layers
/// mixing samples or features, such as MinibatchDisc or SpectralNorm, are refused at compile
/// time). An input-gradient penalty (GradientPenalty, R1Penalty, ...) penalises each network on
/// its own input gradient. Refused as for MultiHeadD<N>: losses with g_needs_real, auxiliary heads,
/// and other strategies that replace G's objective.
/// @tparam N  number of discriminators (at least 2)
template <int N>
struct Gman : Strategy {
  static_assert(N >= 2, "Gman<N>: give at least 2 discriminators");
  static constexpr int heads = N;
  static constexpr int critics = N;  // input-gradient penalties act on each discriminator alike
  static constexpr const char* name = "Gman";
  static constexpr int auxiliary_outputs = N - 1;  // rewritten last, like the auxiliary heads
  static constexpr bool reads_d_real_pass = true;
  static constexpr bool reads_d_fake_pass = true;
  static constexpr bool replaces_g_objective = true;

  /// GMAN's λ of the soft-mean: 0 the mean, larger leans on the discriminators G fools least.
  double lambda = 0.0;

  template <class Seq>
  using discriminator_spec = independent_discriminators_t<Seq, N>;

  template <class Gan>
  using bind = detail::SoftMeanBound<Gman<N>, Gan>;
};

}  // namespace gantk
