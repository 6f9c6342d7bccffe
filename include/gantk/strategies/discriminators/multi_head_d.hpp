// MultiHeadD<N>: N discriminator heads on one discriminator body, G trained on GMAN's soft-mean of
// their losses (the combination of Durugkar, Gemp & Mahadevan 2017, "Generative Multi-Adversarial
// Networks"; the discriminators are heads, not GMAN's independent networks).
#pragma once

#include <array>
#include <cmath>
#include <type_traits>

#include <gantk/foundation/error.hpp>
#include <gantk/foundation/type_list.hpp>
#include <gantk/nn/partial_backward.hpp>
#include <gantk/strategies/conditioning/auxiliary_head.hpp>
#include <gantk/strategies/loss_terms/input_gradient_penalty.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

namespace detail {
template <class List>
struct any_input_gradient_penalty;
template <class... S>
struct any_input_gradient_penalty<TypeList<S...>>
    : std::bool_constant<(false || ... || std::is_base_of_v<InputGradientPenaltySpec, S>)> {};
}  // namespace detail

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
/// less independence between its critics.
///
/// G's objective replaces the loss's: with L_i the loss's G objective on head i,
///   F = Σ_i w_i L_i,   w = softmax(λ L),
/// GMAN's soft-mean: λ = 0 is the arithmetic mean, λ → ∞ the maximum (the harshest head). The
/// gradient is F's exact one, ∂F/∂L_i = w_i (1 + λ (L_i − F)). weights() gives the last w.
///
/// Refused at compile time: input-gradient penalties (GradientPenalty, R1Penalty, R2Penalty,
/// DRAGANPenalty: they would constrain head 1 only), losses with g_needs_real (RelativisticLoss), another
/// auxiliary head (AuxiliaryClassifier, InfoGan, MultiGenerator) and another strategy that
/// replaces G's objective (UnrolledD, FeatureMatching).
/// @tparam N  number of heads (at least 2)
template <int N>
struct MultiHeadD : Strategy {
  static_assert(N >= 2, "MultiHeadD<N>: give at least 2 discriminator heads");
  static constexpr int heads = N;
  static constexpr int auxiliary_outputs = N - 1;  // D's head is widened last, like the auxiliary heads
  static constexpr bool reads_d_real_pass = true;
  static constexpr bool reads_d_fake_pass = true;
  static constexpr bool replaces_g_objective = true;

  /// GMAN's λ of the soft-mean: 0 the mean, larger leans on the heads G fools least.
  double lambda = 0.0;

  template <class Seq>
  using discriminator_spec = auxiliary_head_t<Seq, N - 1>;

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// MultiHeadD<N> in a GAN: heads 2..N's D losses in d_penalty, the soft-mean as G's objective.
template <int N>
template <class Gan>
class MultiHeadD<N>::Bound : public MultiHeadD<N> {
  using T = typename Gan::T;
  using B = typename Gan::B;
  using DNet = typename Gan::DNet;
  using Matrix = typename Gan::Matrix;
  static_assert(!detail::any_input_gradient_penalty<typename Gan::StrategyList>::value,
                "MultiHeadD<N> cannot be combined with an input-gradient penalty (GradientPenalty, R1Penalty, "
                "R2Penalty, DRAGANPenalty): the penalty differentiates D's first head only and would leave the other heads "
                "unconstrained");
  static_assert(!Gan::LossPolicy::g_needs_real,
                "MultiHeadD<N> needs a loss whose G objective reads D's fake outputs only; a relativistic loss "
                "(g_needs_real) is not supported");
  static_assert(detail::has_auxiliary_head<DNet, N - 1>(),
                "MultiHeadD<N>: D does not end in the N heads this strategy put there; was another auxiliary-head "
                "strategy (AuxiliaryClassifier, InfoGan, MultiGenerator) given as well? They cannot be combined");
  static constexpr std::size_t head = DNet::depth - 2;  // the widened Dense: N rows

 public:
  void validate() const {
    GANTK_CHECK(std::isfinite(this->lambda) && this->lambda >= 0,
                "MultiHeadD: lambda (the soft-mean's) must be non-negative and finite, got ", this->lambda);
  }

  void prepare(Index batch) {
    const Index n = batch / Gan::pack;
    for (Matrix* m : {&r_, &f_, &dr_, &df_}) m->resize(1, n);
    for (Matrix* m : {&real_rows_grad_, &fake_rows_grad_}) m->resize(N, n);
    tape_.resize(n);
  }

  /// Heads 2..N's D losses on the GAN's passes; their gradient is added to D's. Returns their sum.
  template <class Step>
  double d_penalty(Step& step) {
    auto& rt = step.d_real_pass();
    auto& ft = step.d_fake_pass();
    B::fill(B::view(real_rows_grad_), T(0));
    B::fill(B::view(fake_rows_grad_), T(0));
    double total = 0;
    for (int i = 1; i < N; ++i) {
      B::copy_rows(B::view(r_), 0, B::cview(rt.out[head]), i, 1);
      B::copy_rows(B::view(f_), 0, B::cview(ft.out[head]), i, 1);
      total += static_cast<double>(step.loss().template d_loss<B>(B::cview(r_), B::cview(f_), B::view(dr_),
                                                                  B::view(df_), step.targets()));
      B::copy_rows(B::view(real_rows_grad_), i, B::cview(dr_), 0, 1);
      B::copy_rows(B::view(fake_rows_grad_), i, B::cview(df_), 0, 1);
    }
    T* dp = step.d_grads().data();
    detail::backward_from<head>(step.d_net(), step.d_params().data(), rt, B::cview(real_rows_grad_), B::none(), dp);
    detail::backward_from<head>(step.d_net(), step.d_params().data(), ft, B::cview(fake_rows_grad_), B::none(), dp);
    return total;
  }

  /// G's objective: the λ-soft-mean of the heads' G losses on D (after its update); writes ∂/∂fake.
  template <class Step>
  double g_objective(Step& step) {
    step.d_forward(step.packed_d_fake_input(), tape_);
    std::array<double, N> loss{};
    for (int i = 0; i < N; ++i) {
      B::copy_rows(B::view(f_), 0, B::cview(tape_.out[head]), i, 1);
      loss[i] = static_cast<double>(step.loss().template g_loss<B>(B::cview(f_), B::cview(f_), B::view(df_)));
      B::copy_rows(B::view(fake_rows_grad_), i, B::cview(df_), 0, 1);
    }
    // softmax(λ L), shifted by its largest exponent
    double top = this->lambda * loss[0];
    for (int i = 1; i < N; ++i) top = std::max(top, this->lambda * loss[i]);
    double z = 0;
    for (int i = 0; i < N; ++i) z += (weights_[i] = std::exp(this->lambda * loss[i] - top));
    double value = 0;
    for (int i = 0; i < N; ++i) value += (weights_[i] /= z) * loss[i];
    for (int i = 0; i < N; ++i) {
      const T c = static_cast<T>(weights_[i] * (1 + this->lambda * (loss[i] - value)));
      B::copy_rows(B::view(df_), 0, B::cview(fake_rows_grad_), i, 1);
      B::map(B::view(df_), [c](T g) { return c * g; }, B::cview(df_));
      B::copy_rows(B::view(fake_rows_grad_), i, B::cview(df_), 0, 1);
    }
    auto fake_grad = step.fake_grad();
    detail::backward_from<head>(step.d_net(), step.d_params().data(), tape_, B::cview(fake_rows_grad_),
                        B::view(fake_grad.data(), Gan::d_input_width, tape_.batch));
    return value;
  }

  /// The soft-mean's weights of the heads in the last G update (1/N each with λ = 0).
  const std::array<double, N>& weights() const { return weights_; }

 private:
  Matrix r_, f_, dr_, df_;                       // one head's outputs and loss gradients (1 × n)
  Matrix real_rows_grad_, fake_rows_grad_;       // ∂/∂(the N head outputs), N × n
  typename DNet::Tape tape_;                     // D on the fakes in G's update
  std::array<double, N> weights_ = [] {
    std::array<double, N> w{};
    w.fill(1.0 / N);
    return w;
  }();
};

}  // namespace gantk
