// D2Gan: the second discriminator of D2GAN (Nguyen, Le, Vu & Phung 2017, "Dual Discriminator
// Generative Adversarial Nets"), which rewards fakes; the GAN's loss D2GanLoss is the first.
#pragma once

#include <cmath>
#include <type_traits>

#include <gantk/foundation/error.hpp>
#include <gantk/losses/d2gan_loss.hpp>
#include <gantk/nn/partial_backward.hpp>
#include <gantk/strategies/conditioning/auxiliary_head.hpp>
#include <gantk/strategies/discriminators/independent_discriminators.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

/// D2GAN: two independent discriminators of D's shape (independent_discriminators_t<Seq, 2>), with
/// D_i = softplus(s_i) of network i's raw score. The paper's game,
///   min_G max_{D1,D2}  α E_x[log D1(x)] − E_z[D1(G(z))] − E_x[D2(x)] + β E_z[log D2(G(z))],
/// is split between the GAN's loss, D2GanLoss (D1's terms, weight α), and this strategy:
///   D2 minimises  E_x[D2(x)] − β E_z[log D2(G(z))]   (d_penalty, on the GAN's own passes),
///   G minimises   −E_z[D1(G(z))] + β E_z[log D2(G(z))]   (g_objective, replacing the loss's).
/// At the optimal discriminators G minimises α·KL(P_data ‖ P_G) + β·KL(P_G ‖ P_data) up to a
/// constant (the paper's Theorem 2): D1's KL punishes missing modes, D2's reverse KL spreading
/// between them. D's output, which the monitor sees, is s1; auxiliary_outputs(gan, x) gives s2.
///
/// Requires the loss D2GanLoss (a compile error otherwise). An input-gradient penalty (R1Penalty,
/// GradientPenalty, ...) penalises each of the two networks on its own input gradient. Refused like
/// Gman<N>: auxiliary heads, other strategies that replace G's objective, and D layers that mix
/// samples or features.
struct D2Gan : Strategy {
  static constexpr int auxiliary_outputs = 1;  // D2's score, row 1; rewritten last like the auxiliary heads
  static constexpr int critics = 2;            // input-gradient penalties act on D1 and D2 alike
  static constexpr bool reads_d_real_pass = true;
  static constexpr bool reads_d_fake_pass = true;
  static constexpr bool replaces_g_objective = true;

  /// β: weight of D2's log term on fakes (the authors' 2-D code uses 1).
  double beta = 1.0;

  template <class Seq>
  using discriminator_spec = independent_discriminators_t<Seq, 2>;

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// D2Gan in a GAN: D2's loss in d_penalty, G's two terms as its objective.
template <class Gan>
class D2Gan::Bound : public D2Gan {
  using T = typename Gan::T;
  using B = typename Gan::B;
  using DNet = typename Gan::DNet;
  using Matrix = typename Gan::Matrix;
  static_assert(std::is_same_v<typename Gan::LossPolicy, D2GanLoss>,
                "D2Gan is D2GAN's second discriminator; the first is the GAN's loss, which must be D2GanLoss: write "
                "GAN<Architecture, D2GanLoss, D2Gan, ...>");
  static_assert(detail::has_auxiliary_head<DNet, 1>(),
                "D2Gan: D does not end in the two outputs this strategy put there; was an auxiliary-head strategy "
                "(AuxiliaryClassifier, InfoGan, MultiGenerator, Gman) given as well? They cannot be combined");
  static constexpr std::size_t head = DNet::depth - 2;  // GroupedDense<2, 1>: s1, s2

 public:
  void validate() const {
    GANTK_CHECK(std::isfinite(this->beta) && this->beta > 0, "D2Gan: beta must be positive and finite, got ",
                this->beta);
  }

  void prepare(Index batch) {
    const Index n = batch / Gan::pack;
    for (Matrix* m : {&r_, &f_, &dr_, &df_}) m->resize(1, n);
    for (Matrix* m : {&real_rows_grad_, &fake_rows_grad_}) m->resize(2, n);
    tape_.resize(n);
  }

  /// D2's loss E_x[softplus(s2(x))] − β E_z[log softplus(s2(G(z)))]; its gradient is added to D's.
  template <class Step>
  double d_penalty(Step& step) {
    auto& rt = step.d_real_pass();
    auto& ft = step.d_fake_pass();
    const T beta = static_cast<T>(this->beta);
    B::copy_rows(B::view(r_), 0, B::cview(rt.out[head]), 1, 1);
    B::copy_rows(B::view(f_), 0, B::cview(ft.out[head]), 1, 1);
    const T value = detail::mean_and_grad<B>(B::cview(r_), B::view(dr_), [](T s) { return detail::softplus(s); },
                                             [](T s) { return detail::sigmoid(s); }) +
                    detail::mean_and_grad<B>(B::cview(f_), B::view(df_),
                                             [beta](T s) { return -beta * detail::log_softplus(s); },
                                             [beta](T s) { return -beta * detail::log_softplus_grad(s); });
    T* dp = step.d_grads().data();
    backward_row(step, rt, real_rows_grad_, dr_, dp);
    backward_row(step, ft, fake_rows_grad_, df_, dp);
    return static_cast<double>(value);
  }

  /// G's objective −E_z[softplus(s1(G(z)))] + β E_z[log softplus(s2(G(z)))] on D after its update.
  template <class Step>
  double g_objective(Step& step) {
    step.d_forward(step.packed_d_fake_input(), tape_);
    const T beta = static_cast<T>(this->beta);
    B::copy_rows(B::view(f_), 0, B::cview(tape_.out[head]), 0, 1);
    T value = step.loss().template g_loss<B>(B::cview(f_), B::cview(f_), B::view(df_));
    B::copy_rows(B::view(fake_rows_grad_), 0, B::cview(df_), 0, 1);
    B::copy_rows(B::view(f_), 0, B::cview(tape_.out[head]), 1, 1);
    value += detail::mean_and_grad<B>(B::cview(f_), B::view(df_),
                                      [beta](T s) { return beta * detail::log_softplus(s); },
                                      [beta](T s) { return beta * detail::log_softplus_grad(s); });
    B::copy_rows(B::view(fake_rows_grad_), 1, B::cview(df_), 0, 1);
    auto fake_grad = step.fake_grad();
    detail::backward_from<head>(step.d_net(), step.d_params().data(), tape_, B::cview(fake_rows_grad_),
                                B::view(fake_grad.data(), Gan::d_input_width, tape_.batch));
    return static_cast<double>(value);
  }

 private:
  // back-propagates ∂/∂s2 (one row) through D on tape t into D's parameters; row s1 gets nothing
  template <class Step, class Tape>
  void backward_row(Step& step, Tape& t, Matrix& rows, const Matrix& grad, T* dp) {
    B::fill_rows(B::view(rows), 0, 1, T(0));
    B::copy_rows(B::view(rows), 1, B::cview(grad), 0, 1);
    detail::backward_from<head>(step.d_net(), step.d_params().data(), t, B::cview(rows), B::none(), dp);
  }

  Matrix r_, f_, dr_, df_;                  // one row of scores and its loss gradient (1 × n)
  Matrix real_rows_grad_, fake_rows_grad_;  // ∂/∂(s1, s2), 2 × n
  typename DNet::Tape tape_;                // D on the fakes in G's update
};

}  // namespace gantk
