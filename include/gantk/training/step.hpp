// Step<Gan, Hook, S>: what a strategy's hook sees of the training step, and nothing more.
//
// A hook receives a Step, not the GAN: the GAN is a private member of the view, and each member
// of the view says in which hooks it is offered. A member used in another hook stops the build
// with a static_assert naming the member and the hooks that may use it, so what a strategy reads
// and what it replaces is visible in its code and checked by the compiler:
//
//   read in every hook        step_index, critic_iteration, phase, batch, real, z, and in a
//                             class-conditional GAN the batch's labels
//   read from on_d_inputs on  fake, d_real_input, d_fake_input (and their packed forms)
//   replaced                  on_batch: real, z (views are writable there);
//                             on_d_inputs: replace_d_real_input, replace_d_fake_input;
//                             before_d_loss: targets; g_objective, g_penalty: fake_grad
//   D's outputs               before_d_loss, d_penalty, after_d_update
//   D's targets               set in before_d_loss; read in d_penalty and g_objective
//   D's own passes            d_real_pass / d_fake_pass in d_penalty, for a strategy that declares
//                             reads_d_real_pass / reads_d_fake_pass (the GAN then keeps them ready
//                             for second-order passes); anything else runs D on its own tapes
//   services                  d_forward, d_backward, train_pass (d_penalty, g_objective, g_penalty);
//                             D's and G's parameters, state and gradients where a hook changes them;
//                             the learning rates (on_batch), D's optimizer and the loss (g_objective)
#pragma once

#include <span>
#include <utility>

#include <gantk/training/hooks.hpp>
#include <gantk/training/run_types.hpp>
#include <gantk/layers/layer.hpp>
#include <gantk/losses/loss.hpp>

namespace gantk {

namespace detail {
template <class S>
constexpr bool reads_d_real_pass() {
  if constexpr (requires { S::reads_d_real_pass; }) return S::reads_d_real_pass;
  else return false;
}
template <class S>
constexpr bool reads_d_fake_pass() {
  if constexpr (requires { S::reads_d_fake_pass; }) return S::reads_d_fake_pass;
  else return false;
}
}  // namespace detail

/// The view of one training step that hook H of strategy S receives (S is the bound strategy).
template <class Gan, Hook H, class S>
class Step {
  template <Hook... Allowed>
  static constexpr bool in = ((H == Allowed) || ...);

 public:
  using T = typename Gan::T;
  using B = typename Gan::B;
  using View = typename Gan::View;
  using CView = typename Gan::CView;
  using Vector = typename Gan::Vector;
  using DNet = typename Gan::DNet;
  using DTape = typename DNet::Tape;  ///< a tape of D's passes, for a strategy's own buffers
  static constexpr Hook hook = H;
  static constexpr int data_width = Gan::data_width;
  static constexpr int latent_width = Gan::latent_width;
  static constexpr int pack = Gan::pack;
  static constexpr int d_input_width = Gan::d_input_width;

  Step(Gan& gan, typename Gan::StepData& data) : gan_(gan), data_(data) {}

  // ---- where the step is ----
  long step_index() const { return data_.step; }  ///< 0 for the first step
  int critic_iteration() const { return data_.critic_iteration; }
  Phase phase() const { return data_.phase; }
  Index batch() const { return data_.batch; }

  // ---- the batch (data_width × batch; z is latent_width × batch) ----
  /// This iteration's real batch; writable in on_batch (before G and D read it).
  auto real() const {
    if constexpr (in<Hook::OnBatch>) return data_.real;
    else return B::cview(data_.real);
  }
  /// The latent codes; writable in on_batch (before G runs).
  auto z() const {
    if constexpr (in<Hook::OnBatch>) return data_.z;
    else return B::cview(data_.z);
  }
  /// G(z). Not in on_batch: G has not run yet.
  CView fake() const {
    static_assert(!in<Hook::OnBatch>, "Step::fake(): G(z) is computed after on_batch; read it from on_d_inputs on");
    return data_.fake;
  }

  /// The real batch's classes in a class-conditional GAN (Conditional<K>, AuxiliaryClassifier<K>):
  /// batch() labels in [0, classes). G's fakes of this iteration were made for the same classes.
  std::span<const int> labels() const {
    static_assert(Gan::conditional,
                  "Step::labels(): this GAN is not class-conditional (no strategy defines `classes`), so its batches "
                  "carry no labels");
    return std::span<const int>(gan_.ws_.labels.data(), static_cast<std::size_t>(data_.batch));
  }

  /// The generator of each of the batch's fakes in a multi-generator GAN (MultiGenerator<K>):
  /// batch() indices in [0, K), sample j made by generator j mod K.
  std::span<const int> generator_of() const {
    static_assert(Gan::generators > 0,
                  "Step::generator_of(): this GAN has one generator (no strategy defines `generators`)");
    return std::span<const int>(gan_.ws_.labels.data(), static_cast<std::size_t>(data_.batch));
  }

  // ---- what D sees (unpacked: data_width × batch; packed: d_input_width × batch/pack) ----
  CView d_real_input() const { return inputs_offered(data_.d_real_input, data_width, data_.batch); }
  CView d_fake_input() const { return inputs_offered(data_.d_fake_input, data_width, data_.batch); }
  CView packed_d_real_input() const { return inputs_offered(data_.d_real_input, d_input_width, data_.batch / pack); }
  CView packed_d_fake_input() const { return inputs_offered(data_.d_fake_input, d_input_width, data_.batch / pack); }
  /// Replaces what D sees as real (data_width × batch, owned by the strategy, alive until the
  /// next on_d_inputs).
  void replace_d_real_input(const T* x) {
    static_assert(in<Hook::OnDInputs>, "Step::replace_d_real_input() is offered in on_d_inputs only");
    data_.d_real_input = x;
  }
  void replace_d_fake_input(const T* x) {
    static_assert(in<Hook::OnDInputs>, "Step::replace_d_fake_input() is offered in on_d_inputs only");
    data_.d_fake_input = x;
  }

  // ---- D's outputs and targets ----
  /// D's output on the real inputs (1 × batch/pack), from this D update's pass.
  CView d_real_output() const {
    static_assert(in<Hook::BeforeDLoss, Hook::DPenalty, Hook::AfterDUpdate>,
                  "Step::d_real_output() is offered in before_d_loss, d_penalty and after_d_update only");
    return data_.d_real_out;
  }
  CView d_fake_output() const {
    static_assert(in<Hook::BeforeDLoss, Hook::DPenalty, Hook::AfterDUpdate>,
                  "Step::d_fake_output() is offered in before_d_loss, d_penalty and after_d_update only");
    return data_.d_fake_out;
  }
  /// D's targets: set in before_d_loss, read in d_penalty (more heads of D's loss) and
  /// g_objective (a lookahead descends D's loss).
  decltype(auto) targets() const {
    static_assert(in<Hook::BeforeDLoss, Hook::DPenalty, Hook::GObjective>,
                  "Step::targets() is offered in before_d_loss (to set them), d_penalty and g_objective (to read them) "
                  "only");
    if constexpr (in<Hook::BeforeDLoss>) return (data_.targets);
    else return std::as_const(data_.targets);
  }
  /// ∂(G's objective)/∂fake (data_width × batch): g_objective writes it, g_penalty adds to it.
  View fake_grad() const {
    static_assert(in<Hook::GObjective, Hook::GPenalty>, "Step::fake_grad() is offered in g_objective and g_penalty only");
    return data_.fake_grad;
  }

  // ---- the GAN's own passes of D in this update, for a strategy that declares it reads them ----
  /// The tape of D's pass on the real inputs that D's loss used, with its second-order buffers
  /// reserved. Requires `static constexpr bool reads_d_real_pass = true;` in the strategy.
  DTape& d_real_pass() const {
    static_assert(in<Hook::DPenalty>, "Step::d_real_pass() is offered in d_penalty only (D has moved afterwards)");
    static_assert(detail::reads_d_real_pass<S>(),
                  "Step::d_real_pass(): declare `static constexpr bool reads_d_real_pass = true;` in the strategy, so "
                  "the GAN keeps that pass ready for it; otherwise run D on a tape of the strategy's own (d_forward)");
    return gan_.ws_.d_real_tape;
  }
  DTape& d_fake_pass() const {
    static_assert(in<Hook::DPenalty>, "Step::d_fake_pass() is offered in d_penalty only (D has moved afterwards)");
    static_assert(detail::reads_d_fake_pass<S>(),
                  "Step::d_fake_pass(): declare `static constexpr bool reads_d_fake_pass = true;` in the strategy, so "
                  "the GAN keeps that pass ready for it; otherwise run D on a tape of the strategy's own (d_forward)");
    return gan_.ws_.d_fake_tape;
  }

  // ---- running D ----
  /// D's forward pass in train mode on x (d_input_width × n) into the strategy's own tape, at
  /// D's current parameters; returns D's output (1 × n). In a class-conditional GAN, column j is
  /// judged as a sample of the batch's class j, so n must be the batch size (under ClassPacking<m>,
  /// column k as a pack of the class of pack k: n is batch/m).
  CView d_forward(CView x, DTape& tape) const {
    static_assert(in<Hook::DPenalty, Hook::GObjective, Hook::GPenalty>,
                  "Step::d_forward() is offered in d_penalty, g_objective and g_penalty only");
    auto& d = gan_.d_;
    return d.net.forward(d.params.data(), d.state.data(), x, tape, gan_.d_train_pass());
  }
  /// D's backward pass on a tape of d_forward: dx = Jₓᵀdy (skipped when none), dp += Jₚᵀdy
  /// (skipped when null; d_grads().data() to add to D's gradient).
  void d_backward(DTape& tape, CView dy, T* dp, View dx) const {
    static_assert(in<Hook::DPenalty, Hook::GObjective, Hook::GPenalty>,
                  "Step::d_backward() is offered in d_penalty, g_objective and g_penalty only");
    gan_.d_.net.backward(gan_.d_.params.data(), tape, dy, dp, dx);
  }
  /// The pass settings of train-mode passes: the GAN's dropout stream and, in a class-conditional
  /// GAN, the batch's class codes (so D and G passes on the step's samples see their classes).
  Pass train_pass() const {
    static_assert(in<Hook::DPenalty, Hook::GObjective, Hook::GPenalty>,
                  "Step::train_pass() is offered in d_penalty, g_objective and g_penalty only");
    return gan_.train_pass();
  }
  /// The pass settings of D's train-mode passes on packed inputs: train_pass(), except that under
  /// ClassPacking<m> the condition is one class code per pack (batch/pack columns).
  Pass d_train_pass() const {
    static_assert(in<Hook::DPenalty, Hook::GObjective, Hook::GPenalty>,
                  "Step::d_train_pass() is offered in d_penalty, g_objective and g_penalty only");
    return gan_.d_train_pass();
  }

  // ---- D's and G's parameters ----
  /// D's network (its passes take parameter and state pointers; second-order helpers need it).
  const DNet& d_net() const { return gan_.d_.net; }
  /// D's parameters: writable in on_batch (power iteration), after_d_update (clipping) and
  /// g_objective (a lookahead that restores them); read-only in d_penalty and g_penalty.
  decltype(auto) d_params() const {
    static_assert(in<Hook::OnBatch, Hook::AfterDUpdate, Hook::GObjective, Hook::DPenalty, Hook::GPenalty>,
                  "Step::d_params() is offered in on_batch, d_penalty, after_d_update, g_objective and g_penalty only");
    if constexpr (in<Hook::OnBatch, Hook::AfterDUpdate, Hook::GObjective>) return (gan_.d_.params);
    else return std::as_const(gan_.d_.params);
  }
  /// D's non-trainable state (running statistics, power-iteration vectors).
  Vector& d_state() const {
    static_assert(in<Hook::OnBatch, Hook::GObjective>, "Step::d_state() is offered in on_batch and g_objective only");
    return gan_.d_.state;
  }
  /// D's gradient of this update (d_penalty adds to it; g_objective may use it as scratch, as
  /// D's update has been taken).
  Vector& d_grads() const {
    static_assert(in<Hook::DPenalty, Hook::GObjective>, "Step::d_grads() is offered in d_penalty and g_objective only");
    return gan_.d_.grads;
  }
  const Vector& g_params() const {
    static_assert(in<Hook::GPenalty>, "Step::g_params() is offered in g_penalty only");
    return gan_.g_.params;
  }
  /// G's gradient, before G's backward pass adds ∂/∂fake to it.
  Vector& g_grads() const {
    static_assert(in<Hook::GPenalty>, "Step::g_grads() is offered in g_penalty only");
    return gan_.g_.grads;
  }

  // ---- what a schedule or a lookahead reads ----
  double g_learning_rate() const { return gan_.g_opt_.learning_rate(); }
  double d_learning_rate() const { return gan_.d_opt_.learning_rate(); }
  void set_learning_rates(double g_lr, double d_lr) const {
    static_assert(in<Hook::OnBatch>, "Step::set_learning_rates() is offered in on_batch only");
    gan_.g_opt_.set_learning_rate(g_lr);
    gan_.d_opt_.set_learning_rate(d_lr);
  }
  /// D's optimizer (its settings and moments), for a lookahead that mimics its steps.
  const auto& d_optimizer() const {
    static_assert(in<Hook::GObjective>, "Step::d_optimizer() is offered in g_objective only");
    return gan_.d_opt_;
  }
  const typename Gan::LossPolicy& loss() const { return gan_.loss_; }

 private:
  CView inputs_offered(const T* p, Index rows, Index cols) const {
    static_assert(!in<Hook::OnBatch>, "Step: D's inputs are chosen after on_batch; read them from on_d_inputs on");
    return B::cview(p, rows, cols);
  }

  Gan& gan_;
  typename Gan::StepData& data_;
};

}  // namespace gantk
