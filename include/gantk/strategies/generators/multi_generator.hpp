// MultiGenerator<K, Objective>: K generators against one discriminator that also tells which of
// them made a fake; MAD-GAN (Ghosh et al. 2018, "Multi-Agent Diverse Generative Adversarial
// Networks") and MGAN (Hoang et al. 2018, "MGAN: Training Generative Adversarial Nets with
// Multiple Generators").
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include <gantk/foundation/error.hpp>
#include <gantk/foundation/type_list.hpp>
#include <gantk/layers/generator_blocks.hpp>
#include <gantk/nn/spec_transforms.hpp>
#include <gantk/strategies/conditioning/auxiliary_head.hpp>
#include <gantk/strategies/conditioning/conditional.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

/// What the generators are trained for besides fooling D.
enum class GeneratorObjective {
  MadGan,  ///< only the loss's G objective: each G_k wants D to call its samples real (Ghosh et al. 2018)
  Mgan,    ///< plus beta · CE of D's generator head: G_k wants its samples recognised as its own (Hoang et al. 2018)
};

/// Multiple generators. G becomes K generators that share every layer except the first (MGAN's
/// sharing): a GeneratorBlocks<K> layer in front of G's first Dense layer gives that layer K weight
/// matrices and biases, one per generator, selected per sample by a one-hot generator code that
/// G's passes carry (Pass::with_condition). One network, one optimizer, one checkpoint section.
/// In training the batch is split evenly: sample j of every batch is made by generator j mod K.
///
/// D's head Dense<1> becomes Dense<1 + K> (an auxiliary head, as in AC-GAN): row 0 is D's
/// real/fake output, which the GAN's loss and every penalty use as before; rows 1..K are the
/// logits a of a generator-identification head. D's objective adds
///   lambda · E_fake[−log softmax(a(x))_k]     (k: the generator that made x).
/// With NonSaturatingLoss or MinimaxLoss this is MAD-GAN's (K+1)-way cross-entropy exactly,
/// written in a factorised form: p(real | x) = σ(s), p(G_k | x) = (1 − σ(s)) · softmax(a)_k, whose
/// cross-entropy splits into the loss's binary term on s and the K-way term above on the fakes;
/// G_k's objective −log p(real | G_k(z)) is then the loss's non-saturating G objective. With
/// another loss (WassersteinLoss, HingeLoss, LeastSquaresLoss) the real/fake part is that loss's
/// and the identification term is the same: "MAD-GAN's generator identification on a <loss> GAN".
/// MAD-GAN's own experiments share all layers but the last; here the first is the one apart.
///
/// GeneratorObjective::Mgan adds MGAN's diversity term to G's objective,
///   beta · E_fake[−log softmax(a(G_k(z)))_k],
/// so that G_k moves its samples where D's head can tell them from the other generators'. MGAN's
/// classifier C shares D's body (the paper's practical form); MGAN's D is the standard binary
/// one, here the GAN's loss.
///
/// Sampling: gan.sample(n) picks a generator uniformly per sample; MultiGenerator<K>::sample(gan,
/// n, rng) also says which (generator_of); sample_generator(gan, n, k, rng) draws from generator
/// k; gan.generate_from(z, generators); auxiliary_outputs(gan, x) gives the identification logits.
/// Not combinable, with a compile error: PacGAN<m> (a pack joins samples of different
/// generators), ExperienceReplay (replayed fakes lose their generator), Conditional<K> and
/// AuxiliaryClassifier<K> (G's code is either a class or a generator), InfoGan (one auxiliary head
/// per D).
/// @tparam K          number of generators (at least 2)
/// @tparam Objective  GeneratorObjective::MadGan (default) or GeneratorObjective::Mgan
template <int K, GeneratorObjective Objective = GeneratorObjective::MadGan>
struct MultiGenerator : Strategy {
  static_assert(K >= 2, "MultiGenerator<K>: give at least 2 generators");
  static constexpr int generators = K;
  static constexpr int auxiliary_outputs = K;
  static constexpr GeneratorObjective objective = Objective;
  static constexpr bool reads_d_fake_pass = true;  // the identification term reads D's pass over the fakes

  /// D: weight of the generator-identification cross-entropy (1: MAD-GAN's (K+1)-way objective).
  double lambda = 1.0;
  /// G: weight of MGAN's diversity term (Mgan only; MadGan has none and requires 0).
  double beta = Objective == GeneratorObjective::Mgan ? 0.5 : 0.0;

  template <class Seq>
  using generator_spec = insert_front_t<Seq, GeneratorBlocks<K>>;
  template <class Seq>
  using discriminator_spec = auxiliary_head_t<Seq, K>;

  /// Samples with the generator that made each.
  template <class Matrix>
  struct Samples {
    Matrix samples;                 ///< data_width × n
    std::vector<int> generator_of;  ///< generator_of[j]: the generator of column j
  };

  /// n samples, each from a generator drawn uniformly with rng, and which generator made each.
  template <class Gan>
  static Samples<typename Gan::Matrix> sample(const Gan& gan, Index n, Rng& rng) {
    check_gan<Gan>();
    GANTK_CHECK(n > 0, "MultiGenerator::sample: n must be positive, got ", n);
    std::vector<int> generator_of;
    typename Gan::Matrix x = gan.sample(n, rng, &generator_of);  // gan.sample(n, rng)'s draws
    return {std::move(x), std::move(generator_of)};
  }

  /// n samples of generator k (data_width × n).
  template <class Gan>
  static typename Gan::Matrix sample_generator(const Gan& gan, Index n, int k, Rng& rng) {
    check_gan<Gan>();
    GANTK_CHECK(n > 0, "MultiGenerator::sample_generator: n must be positive, got ", n);
    GANTK_CHECK(k >= 0 && k < K, "MultiGenerator::sample_generator: generator ", k, " is outside the ", K,
                " generators of MultiGenerator<", K, ">");
    return gan.generate_from(noise<Gan>(n, rng), std::vector<int>(static_cast<std::size_t>(n), k));
  }

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;

 private:
  template <class Gan>
  static constexpr void check_gan() {
    static_assert(contains_v<MultiGenerator, typename Gan::StrategyList>,
                  "MultiGenerator<K>::sample: this GAN has no MultiGenerator<K> (with this K and objective)");
  }
  template <class Gan>
  static typename Gan::Matrix noise(Index n, Rng& rng) {
    using B = typename Gan::B;
    typename Gan::Matrix z(Gan::latent_width, n);
    B::fill_normal(B::view(z), rng, typename Gan::T(0), typename Gan::T(1));
    return z;
  }
};

/// MultiGenerator<K, Objective> in a GAN: the identification term on D, MGAN's term on G.
template <int K, GeneratorObjective Objective>
template <class Gan>
class MultiGenerator<K, Objective>::Bound : public MultiGenerator<K, Objective> {
  using T = typename Gan::T;
  using B = typename Gan::B;
  using Head = detail::AuxiliaryHead<Gan, K>;

 public:
  void validate() const {
    static_assert(Gan::pack == 1,
                  "MultiGenerator<K> cannot be combined with PacGAN<m>: D tells which generator made each sample, and "
                  "a pack joins samples of different generators");
    static_assert(!detail::any_keeps_past_fakes<typename Gan::StrategyList>::value,
                  "MultiGenerator<K> cannot be combined with ExperienceReplay: replayed fakes are not marked with the "
                  "generator that made them, so D's identification term would learn wrong ones");
    GANTK_CHECK(this->lambda >= 0 && std::isfinite(this->lambda),
                "MultiGenerator: lambda must be non-negative and finite, got ", this->lambda);
    GANTK_CHECK(std::isfinite(this->beta) && this->beta >= 0,
                "MultiGenerator: beta must be non-negative and finite, got ", this->beta);
    GANTK_CHECK(Objective == GeneratorObjective::Mgan || this->beta == 0,
                "MultiGenerator<K> (MAD-GAN) has no diversity term on G, but beta = ", this->beta,
                " was given: use MultiGenerator<K, GeneratorObjective::Mgan> for MGAN's beta");
  }

  void prepare(Index batch) {
    head_.prepare(batch);
    fake_tape_.resize(batch);
    input_grad_.resize(Gan::data_width, batch);
  }

  /// D's identification term on D's own pass over the fakes; its gradient goes into D's.
  template <class Step>
  double d_penalty(Step& step) {
    const double value =
        this->lambda * head_.cross_entropy(step.d_fake_pass(), step.generator_of(), this->lambda, &accuracy_);
    head_.backward(step.d_net(), step.d_params().data(), step.d_fake_pass(), step.d_grads().data(), B::none());
    return value;
  }

  /// MGAN's diversity term on G: D (after its update) on the fakes, ∂/∂fake added to fake_grad.
  template <class Step>
    requires(Objective == GeneratorObjective::Mgan)
  double g_penalty(Step& step) {
    step.d_forward(step.packed_d_fake_input(), fake_tape_);
    const double value = this->beta * head_.cross_entropy(fake_tape_, step.generator_of(), this->beta, nullptr);
    head_.backward(step.d_net(), step.d_params().data(), fake_tape_, nullptr, B::view(input_grad_));
    B::axpy(T(1), B::cview(input_grad_), step.fake_grad());
    return value;
  }

  /// Share of the last D update's fakes whose generator D's head named (argmax of its logits).
  double identification_accuracy() const { return accuracy_; }

 private:
  Head head_;
  typename Gan::DNet::Tape fake_tape_;  // D on the fakes in G's update (Mgan)
  typename Gan::Matrix input_grad_;     // the diversity term's ∂/∂fake (Mgan)
  double accuracy_ = 0;
};

}  // namespace gantk
