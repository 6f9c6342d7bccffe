// The soft-mean of several discriminators (Durugkar, Gemp & Mahadevan 2017, "Generative
// Multi-Adversarial Networks"): the bound strategy shared by MultiHeadD<N> (N heads on one body) and
// Gman<N> (N independent networks). Both end D in N rows before AuxiliaryOutputs<N − 1>; row 0 is
// trained by the GAN's loss, rows 1..N−1 here, and G descends the λ-soft-mean of the N G losses.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>

#include <gantk/foundation/error.hpp>
#include <gantk/nn/partial_backward.hpp>
#include <gantk/strategies/conditioning/auxiliary_head.hpp>

namespace gantk::detail {

/// Spec (MultiHeadD<N> or Gman<N>, with `heads`, `lambda` and `name`) bound to a GAN: the other
/// discriminators' D losses in d_penalty, the soft-mean as G's objective.
template <class Spec, class Gan>
class SoftMeanBound : public Spec {
  static constexpr int N = Spec::heads;
  using T = typename Gan::T;
  using B = typename Gan::B;
  using DNet = typename Gan::DNet;
  using Matrix = typename Gan::Matrix;
  static_assert(!Gan::LossPolicy::g_needs_real,
                "several discriminators (MultiHeadD<N>, Gman<N>) need a loss whose G objective reads D's fake "
                "outputs only; a relativistic loss (g_needs_real) is not supported");
  static_assert(detail::has_auxiliary_head<DNet, N - 1>(),
                "MultiHeadD<N>, Gman<N>: D does not end in the N outputs this strategy put there; was another "
                "auxiliary-head strategy (AuxiliaryClassifier, InfoGan, MultiGenerator) given as well? They cannot "
                "be combined");
  static constexpr std::size_t head = DNet::depth - 2;  // the layer with N rows

 public:
  void validate() const {
    GANTK_CHECK(std::isfinite(this->lambda) && this->lambda >= 0,
                Spec::name, ": lambda (the soft-mean's) must be non-negative and finite, got ", this->lambda);
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

}  // namespace gantk::detail
