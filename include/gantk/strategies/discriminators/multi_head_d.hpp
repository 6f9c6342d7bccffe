// MultiHeadD<N>: N discriminator heads on one discriminator body, G trained on GMAN's soft-mean of
// their losses (the combination of Durugkar, Gemp & Mahadevan 2017, "Generative Multi-Adversarial
// Networks"; the discriminators are heads, not GMAN's independent networks).
#pragma once

#include <gantk/strategies/conditioning/auxiliary_head.hpp>
#include <gantk/strategies/discriminators/soft_mean.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

/// N discriminator heads sharing D's body; G descends GMAN's soft-mean of the heads' G losses.
///
/// D's head Dense<1> becomes Dense<N> (the auxiliary-head rewrite, with N − 1 extra outputs):
/// row 0 is head 1, which the GAN's loss and its hooks use as D's output; rows 1..N−1 are heads
/// 2..N. Each head is trained on the GAN's loss of its own row (with the step's targets, so label
/// smoothing reaches every head); the heads' own weights are apart, the body below them is shared
/// and moves with the sum of their losses. Each head starts from its own random initialisation.
///
/// What this is, and is not: GMAN's discriminators are N independent networks (possibly with
/// different initialisations and dropout); here they share every layer but the last, so this is
/// a multi-head discriminator trained with GMAN's combination rule, cheaper than GMAN and with
/// less independence between its critics. Gman<N> has GMAN's N independent networks.
///
/// G's objective replaces the loss's: with L_i the loss's G objective on head i,
///   F = Σ_i w_i L_i,   w = softmax(λ L),
/// GMAN's soft-mean: λ = 0 is the arithmetic mean, λ → ∞ the maximum (the harshest head). The
/// gradient is F's exact one, ∂F/∂L_i = w_i (1 + λ (L_i − F)). weights() gives the last w.
///
/// An input-gradient penalty (GradientPenalty, R1Penalty, R2Penalty, DRAGANPenalty) penalises each
/// head on its own input gradient. Refused at compile time: losses with g_needs_real
/// (RelativisticLoss), another auxiliary head (AuxiliaryClassifier, InfoGan, MultiGenerator) and
/// another strategy that replaces G's objective (UnrolledD, FeatureMatching).
/// @tparam N  number of heads (at least 2)
template <int N>
struct MultiHeadD : Strategy {
  static_assert(N >= 2, "MultiHeadD<N>: give at least 2 discriminator heads");
  static constexpr int heads = N;
  static constexpr int critics = N;  // input-gradient penalties act on each discriminator alike
  static constexpr const char* name = "MultiHeadD";
  static constexpr int auxiliary_outputs = N - 1;  // D's head is widened last, like the auxiliary heads
  static constexpr bool reads_d_real_pass = true;
  static constexpr bool reads_d_fake_pass = true;
  static constexpr bool replaces_g_objective = true;

  /// GMAN's λ of the soft-mean: 0 the mean, larger leans on the heads G fools least.
  double lambda = 0.0;

  template <class Seq>
  using discriminator_spec = auxiliary_head_t<Seq, N - 1>;

  template <class Gan>
  using bind = detail::SoftMeanBound<MultiHeadD<N>, Gan>;
};

}  // namespace gantk
