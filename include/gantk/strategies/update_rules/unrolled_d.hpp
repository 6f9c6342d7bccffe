// UnrolledD<K>: unrolled GANs (Metz, Poole, Pfau & Sohl-Dickstein 2017, "Unrolled Generative
// Adversarial Networks").
//
// G is trained against the discriminator it would face K D-updates from now, on the current
// batch: θ⁰ = D's parameters, θᵏ⁺¹ = update(θᵏ, ∇θ L_D(θᵏ; x, G(z))), and G's loss is taken at
// θᴷ. D's parameters and state are restored afterwards; only G learns from the lookahead.
// Three variants (Unroll), which differ in the update and in what is differentiated:
//
// FrozenMoments: update(θ, g) = θ − η⊙g, η fixed from D's optimizer now (the surrogate below);
// G's loss is differentiated through the K updates by reverse mode over them:
//   θ̄ᴷ = ∂L_G/∂θᴷ,  x̄ = ∂L_G/∂fake at θᴷ;   for k = K−1 … 0, with u = η⊙θ̄ᵏ⁺¹:
//     θ̄ᵏ = θ̄ᵏ⁺¹ − H(θᵏ)·u      x̄ −= M(θᵏ)·u
// where H = ∂²L_D/∂θ² and M = ∂²L_D/∂fake∂θ come from one tangent pass and its reverse on D's
// stored passes (gantk/nn/second_order.hpp): exact, no finite differences. Each reverse step
// costs about 2.3 lookahead steps (7 products per dense layer against 3), so it costs about 3×
// FirstOrder, which treats θᴷ as a constant (the G gradient at θᴷ only); benchmarks/
// bench_penalties.cpp measures both.
//
// ExactAdam: update = D's Adam step itself, mᵏ⁺¹ = β₁mᵏ + (1−β₁)gᵏ, vᵏ⁺¹ = β₂vᵏ + (1−β₂)(gᵏ)²,
// θᵏ⁺¹ = θᵏ − (lr/c₁)·mᵏ⁺¹/(√vᵏ⁺¹/√c₂ + ε), c = 1 − βᵗ at the step t = steps + k + 1 it would
// be, from the optimizer's m⁰, v⁰ now. Reverse mode carries (θ̄, m̄, v̄); at step k, with
// a = −(lr/c₁)/den and b = (lr/c₁)·m/(2·den²·√(v·c₂)) (den = √v/√c₂ + ε; b = 0 where v = 0):
//   M̄ = m̄ + a·θ̄,  V̄ = v̄ + b·θ̄,  ḡ = (1−β₁)M̄ + 2(1−β₂)gᵏ⊙V̄,  m̄ = β₁M̄,  v̄ = β₂V̄,
//   θ̄ += H(θᵏ)·ḡ,  x̄ += M(θᵏ)·ḡ
// (the same Hessian- and mixed-vector products, on ḡ instead of −η⊙θ̄); its extra work over
// FrozenMoments is elementwise over D's parameters (not benchmarked yet).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <type_traits>
#include <variant>

#include <gantk/foundation/error.hpp>
#include <gantk/training/policy.hpp>
#include <gantk/foundation/type_list.hpp>
#include <gantk/losses/loss.hpp>
#include <gantk/nn/second_order.hpp>
#include <gantk/optim/optimizers.hpp>

namespace gantk {

/// Which lookahead UnrolledD runs and how it differentiates G's loss through it.
enum class Unroll {
  /// Lookahead θ ← θ − η⊙∇θL_D with η frozen from D's optimizer now (Adam: lr/(√v̂ + ε) with v̂
  /// floored, no momentum; RMSProp: lr/(√s + ε); SGD: lr, no momentum). G's gradient is the
  /// exact derivative of this surrogate (second order: Hessian- and mixed-vector products of
  /// D's loss); it is not the derivative of K real Adam steps.
  FrozenMoments,
  /// Former name of FrozenMoments (it is exact for the frozen-moment surrogate, not for Adam):
  /// kept so old code compiles, with a warning that names the two variants.
  Exact [[deprecated("Unroll::Exact is the frozen-moment surrogate: write Unroll::FrozenMoments, or Unroll::ExactAdam "
                     "for the derivative through D's real Adam steps")]] = FrozenMoments,
  /// Lookahead through D's real Adam update (m, v and the bias corrections move with the
  /// lookahead gradients); G's gradient is the exact derivative of those K Adam steps, as the
  /// paper's unrolling differentiates through Adam. D's optimizer must be Adam.
  ExactAdam,
  /// The frozen-moment lookahead, held fixed: G's gradient against the unrolled D only, no
  /// derivative through the updates (about a third of FrozenMoments' cost).
  FirstOrder
};

namespace detail {

template <class List>
struct has_input_gradient_penalty;
template <class... S>
struct has_input_gradient_penalty<TypeList<S...>> {
  template <class X>
  static constexpr bool is() {
    if constexpr (requires { X::penalizes_input_gradient; }) return X::penalizes_input_gradient;
    else return false;
  }
  static constexpr bool value = (false || ... || is<S>());
};

template <bool NoInputGradientPenalty>
struct ExactUnrollWithoutInputGradientPenalty {
  static_assert(NoInputGradientPenalty,
                "UnrolledD<K> (exact) cannot be combined with a penalty on D's input gradient (GradientPenalty, "
                "R1Penalty, R2Penalty, DRAGANPenalty): exact unrolling differentiates through D's updates, and a "
                "penalised update already contains ∇ₓD, so its derivative would need third derivatives of D, which "
                "gantk's layers do not provide. Use UnrolledD<K, Unroll::FirstOrder>, which unrolls without "
                "differentiating through D's updates");
  static constexpr bool ok = true;
};

template <bool DiscriminatorHasSecondOrder>
struct ExactUnrollNeedsSecondOrderLayers {
  static_assert(DiscriminatorHasSecondOrder,
                "UnrolledD<K> (exact) needs Hessian-vector products of D, and a layer of this discriminator has no "
                "tangent_forward / tangent_backward (see gantk/layers/layer.hpp); add them or use "
                "UnrolledD<K, Unroll::FirstOrder>");
  static constexpr bool ok = true;
};

template <class Loss, bool LossHasHvp>
struct ExactUnrollNeedsLossHvp {
  static_assert(LossHasHvp,
                "UnrolledD<K> (exact) needs the loss's d_loss_hvp (the Hessian of D's loss in its outputs) and, when "
                "g_needs_real, g_loss(r, f, df, dr); see gantk/losses/loss.hpp, or use UnrolledD<K, "
                "Unroll::FirstOrder>. ExactUnrollNeedsLossHvp<Loss, ...> in the instantiation names the loss");
  static constexpr bool ok = true;
};

/// One GAN's buffers for the lookahead (n = batch / pack columns).
template <class Gan, int K, bool Exact, bool FullAdam>
struct UnrollBuffers {
  using Matrix = typename Gan::Matrix;
  using Vector = typename Gan::Vector;
  static constexpr int passes = Exact ? K + 1 : 1;  // D's passes kept for the reverse sweep
  std::array<typename Gan::DNet::Tape, passes> real, fake;
  Matrix theta;           ///< θ⁰ … θᴷ⁻¹ (param_count × K; only θ⁰ in first-order mode)
  Vector state;           ///< D's state before the lookahead
  Vector step;            ///< η: per-parameter step sizes of the lookahead updates
  Matrix dr, df;          ///< ∂L_D/∂D(real), ∂L_D/∂D(fake) of each update (1 × n·K, update k in columns k·n…)
  Matrix g_dr, g_df;      ///< ∂L_G/∂D(real), ∂L_G/∂D(fake) at θᴷ (1 × n)
  Matrix rb, fb;          ///< the loss's Hessian applied to D's output tangents (1 × n)
  Vector theta_bar, u, hu;
  Matrix mixed;           ///< M·u on D's fake input (d_input_width × n)
  // ExactAdam: each lookahead step's gradient gᵏ and Adam moments mᵏ⁺¹, vᵏ⁺¹ (param_count × K),
  // and the adjoints of m and v in the reverse sweep
  Matrix grad, m, v;
  Vector m_bar, v_bar;
};

}  // namespace detail

/// Unrolled D: G's update is taken against D unrolled K updates ahead on the current batch
/// (Metz et al. 2017), then D is restored. Seeing how D would answer discourages G from moves
/// that D can punish at once, such as collapsing onto the mode D currently favours.
///
/// The lookahead updates descend D's loss (the GAN's loss policy, D's current targets) on the
/// current real batch and fakes. FrozenMoments and FirstOrder use the step rule of D's optimizer
/// frozen at its current state (a surrogate of D's real updates):
///   θ ← θ − η⊙∇θL_D,   SGD: η = lr (momentum dropped);
///                       Adam: η = lr / (√v̂ + ε), v̂ the bias-corrected second moment now, √v̂
///                             floored (min_moment_ratio), first moment dropped;
///                       RMSProp: η = lr / (√s + ε).
/// Holding the moments fixed makes each update a preconditioned gradient step; before D's first
/// update η = lr. ExactAdam instead takes D's real Adam steps (momentum, second moment and bias
/// corrections updated by each lookahead gradient, no floor), as the paper does. D's other terms
/// (penalties, weight decay) shape its real updates, not the lookahead. BatchNorm statistics,
/// D's parameters and D's optimizer state are restored after the lookahead.
///
/// @tparam K     number of lookahead updates (the paper's experiments use 5 to 10)
/// @tparam Mode  what is exact (see Unroll):
///               Unroll::FrozenMoments (default; formerly Unroll::Exact): the exact derivative of
///                 G's loss through K frozen-moment steps (a surrogate of D's optimizer);
///               Unroll::ExactAdam: the exact derivative through K steps of D's Adam update, with
///                 its moments and bias corrections (D's optimizer must be Adam: checked at the
///                 first G step, a gantk::Error otherwise); the same products as FrozenMoments
///                 plus elementwise work (not benchmarked yet);
///               Unroll::FirstOrder: G's gradient against the frozen-moment lookahead held fixed
///                 (no derivative through the updates), about a third of the cost.
/// The two second-order modes need every layer of D to have the second-order passes, a loss with
/// d_loss_hvp, and no penalty on ∇ₓD in the GAN (that would need third derivatives); each is a
/// compile error naming what to do. Both are checked against central differences of the K-step
/// unrolled loss in double precision (tests/unit/test_unrolled_d.cpp). UnrolledD replaces G's
/// objective, so it excludes other strategies that do.
template <int K, Unroll Mode = Unroll::FrozenMoments>
struct UnrolledD : Strategy {
  static_assert(K >= 1, "UnrolledD<K>: K (the number of lookahead updates of D) must be at least 1");
  static constexpr bool replaces_g_objective = true;
  static constexpr int lookahead = K;
  /// second order: G's gradient goes through the lookahead updates
  static constexpr bool exact = Mode != Unroll::FirstOrder;
  /// the lookahead is D's real Adam update rather than the frozen-moment surrogate
  static constexpr bool full_adam = Mode == Unroll::ExactAdam;

  /// With Adam or RMSProp, a parameter's lookahead step is lr/(√v̂ + ε). A parameter D has not
  /// moved yet (a unit dead on every sample so far: v̂ = 0) would get lr/ε = 10⁸·lr the moment
  /// the lookahead revives it, and G's gradient would explode (it did, on the ring_pac
  /// networks at step 1). √v̂ is therefore floored at this fraction of its mean over D.
  double min_moment_ratio = 0.1;

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// UnrolledD in a GAN: the lookahead's buffers (D's passes, parameters, moments) in its types.
template <int K, Unroll Mode>
template <class Gan>
class UnrolledD<K, Mode>::Bound : public UnrolledD<K, Mode> {
  using Base = UnrolledD<K, Mode>;
  using Base::exact;
  using Base::full_adam;
  using LookaheadBuffers = detail::UnrollBuffers<Gan, K, exact, full_adam>;

 public:
  void validate() const {
    GANTK_CHECK(this->min_moment_ratio >= 0 && std::isfinite(this->min_moment_ratio),
                "UnrolledD: min_moment_ratio must be finite and non-negative, got ", this->min_moment_ratio);
    if constexpr (exact) {
      using Loss = typename Gan::LossPolicy;
      static_assert(detail::ExactUnrollNeedsSecondOrderLayers<Gan::DNet::second_order>::ok);
      constexpr bool loss_ok = SecondOrderLoss<Loss> && (!Loss::g_needs_real || RealGradientGeneratorLoss<Loss>);
      static_assert(detail::ExactUnrollNeedsLossHvp<Loss, loss_ok>::ok);
      static_assert(detail::ExactUnrollWithoutInputGradientPenalty<
                    !detail::has_input_gradient_penalty<typename Gan::StrategyList>::value>::ok);
    }
  }

  void prepare(Index batch) {
    LookaheadBuffers* b = &buffers_;
    const Index n = batch / Gan::pack, params = Gan::DNet::param_count;
    for (int i = 0; i < LookaheadBuffers::passes; ++i) {
      b->real[i].resize(n);
      b->fake[i].resize(n);
      if constexpr (exact && Gan::DNet::second_order) {
        reserve_tangents<typename Gan::DNet>(b->real[i]);
        reserve_tangents<typename Gan::DNet>(b->fake[i]);
      }
    }
    b->theta.resize(params, exact ? K : 1);
    b->state.resize(Gan::DNet::state_count);
    b->step.resize(params);
    b->dr.resize(1, n * K);
    b->df.resize(1, n * K);
    b->g_dr.resize(1, n);
    b->g_df.resize(1, n);
    if constexpr (exact) {
      b->rb.resize(1, n);
      b->fb.resize(1, n);
      b->theta_bar.resize(params);
      b->u.resize(params);
      b->hu.resize(params);
      b->mixed.resize(Gan::d_input_width, n);
    }
    if constexpr (full_adam) {
      b->grad.resize(params, K);
      b->m.resize(params, K);
      b->v.resize(params, K);
      b->m_bar.resize(params);
      b->v_bar.resize(params);
    }
  }

  /// Writes ∂(G's loss against the unrolled D)/∂fake into the step's fake_grad; returns that loss.
  template <class Step>
  double g_objective(Step& step) {
    using B = typename Gan::B;
    using T = typename Gan::T;
    LookaheadBuffers* b = &buffers_;
    // D as the lookahead moves it (and restores it): parameters, state, gradient as scratch
    const auto& net = step.d_net();
    auto& params = step.d_params();
    auto& state = step.d_state();
    auto& grads = step.d_grads();
    const auto& loss = step.loss();
    const Targets& targets = step.targets();
    const auto real_in = step.packed_d_real_input();
    const auto fake_in = step.packed_d_fake_input();
    const Index n = real_in.cols();
    const Pass pass = step.d_train_pass();
    const auto row = [n](auto& m, int k) { return B::columns(B::view(m), k * n, n); };
    const auto column = [](auto& m, int k) { return B::columns(B::view(m), k, 1); };

    const auto& opt = step.d_optimizer();
    [[maybe_unused]] const Adam* adam = std::get_if<Adam>(&opt.settings());
    if constexpr (full_adam)
      GANTK_CHECK(adam != nullptr, "UnrolledD<K, Unroll::ExactAdam> unrolls D's Adam update, but D's optimizer is ",
                  opt.settings().index() == 0 ? "SGD" : "RMSProp",
                  "; give D Adam or use Unroll::FrozenMoments / Unroll::FirstOrder");
    else lookahead_step_sizes(opt, b->step);
    B::copy(B::view(b->state), B::cview(state));
    B::copy(column(b->theta, 0), B::cview(params));
    for (int k = 0; k < K; ++k) {
      auto& tr = b->real[exact ? k : 0];
      auto& tf = b->fake[exact ? k : 0];
      if (exact && k > 0) B::copy(column(b->theta, k), B::cview(params));
      net.forward(params.data(), state.data(), real_in, tr, pass);
      net.forward(params.data(), state.data(), fake_in, tf, pass);
      loss.template d_loss<B>(tr.output(), tf.output(), row(b->dr, k), row(b->df, k), targets);
      B::fill(B::view(grads), T(0));
      net.backward(params.data(), tr, B::cview(row(b->dr, k)), grads.data(), B::none());
      net.backward(params.data(), tf, B::cview(row(b->df, k)), grads.data(), B::none());
      if constexpr (full_adam) adam_lookahead_step<B>(*adam, opt, *b, k, params, grads);
      else B::map(B::view(params), [](T p, T eta, T g) { return p - eta * g; }, B::cview(params), B::cview(b->step),
                  B::cview(grads));
    }

    // G's loss against θᴷ: ∂/∂fake, and (exact) ∂/∂θᴷ
    auto& tr = b->real[exact ? K : 0];
    auto& tf = b->fake[exact ? K : 0];
    net.forward(params.data(), state.data(), fake_in, tf, pass);
    constexpr bool needs_real = Gan::LossPolicy::g_needs_real;
    if constexpr (needs_real) net.forward(params.data(), state.data(), real_in, tr, pass);
    const auto r_out = needs_real ? tr.output() : B::cnone();
    T* theta_bar = nullptr;
    double value;
    if constexpr (exact && differentiable()) {
      B::fill(B::view(b->theta_bar), T(0));
      theta_bar = b->theta_bar.data();
      if constexpr (needs_real) {
        value = static_cast<double>(loss.template g_loss<B>(r_out, tf.output(), B::view(b->g_df), B::view(b->g_dr)));
        net.backward(params.data(), tr, B::cview(b->g_dr), theta_bar, B::none());
      } else {
        value = static_cast<double>(loss.template g_loss<B>(r_out, tf.output(), B::view(b->g_df)));
      }
    } else {
      value = static_cast<double>(loss.template g_loss<B>(r_out, tf.output(), B::view(b->g_df)));
    }
    const auto fake_grad = B::view(step.fake_grad().data(), Gan::d_input_width, n);
    net.backward(params.data(), tf, B::cview(b->g_df), theta_bar, fake_grad);

    if constexpr (exact && differentiable()) {
      // reverse sweep through the K updates: θᵏ⁺¹ = update(θᵏ, ∇θL_D(θᵏ, fake)); u = ∂L_G/∂gᵏ
      if constexpr (full_adam) {
        B::fill(B::view(b->m_bar), T(0));
        B::fill(B::view(b->v_bar), T(0));
      }
      for (int k = K - 1; k >= 0; --k) {
        const T* theta_k = column(b->theta, k).data();
        if constexpr (full_adam) adam_gradient_adjoint<B>(*adam, opt, *b, k);
        else B::map(B::view(b->u), [](T eta, T bar) { return -eta * bar; }, B::cview(b->step), B::cview(b->theta_bar));
        B::fill(B::view(b->hu), T(0));
        discriminator_loss_hvp(net, theta_k, b->u.data(), loss, targets, b->real[k], b->fake[k],
                               B::cview(row(b->dr, k)), B::cview(row(b->df, k)), B::view(b->rb), B::view(b->fb),
                               b->hu.data(), B::none(), B::view(b->mixed));
        B::axpy(T(1), B::cview(b->hu), B::view(b->theta_bar));
        B::axpy(T(1), B::cview(b->mixed), fake_grad);
      }
    }
    B::copy(B::view(params), B::cview(column(b->theta, 0)));
    B::copy(B::view(state), B::cview(b->state));
    return value;
  }

 private:
  // whether exact mode's requirements hold (validate() stops the build with a message if not;
  // this keeps the follow-on errors of the code below out of that message)
  static constexpr bool differentiable() {
    using Loss = typename Gan::LossPolicy;
    return Gan::DNet::second_order && SecondOrderLoss<Loss> && (!Loss::g_needs_real || RealGradientGeneratorLoss<Loss>);
  }

  // bias corrections 1 − βᵗ of the lookahead's step k (0-based), D's optimizer having taken `steps`
  static double bias_correction(double beta, long steps, int k) {
    return 1.0 - std::pow(beta, static_cast<double>(steps + k + 1));
  }

  // ExactAdam's lookahead step k: Adam's update of θ, m, v from gradient g (m, v of step k kept
  // in column k of b.m, b.v; the previous ones are D's optimizer moments for k = 0)
  template <class B, class Opt, class Buffers, class Vec>
  static void adam_lookahead_step(const Adam& o, const Opt& opt, Buffers& b, int k, Vec& theta, const Vec& g_k) {
    using T = typename B::Scalar;
    const T b1 = T(o.beta1), b2 = T(o.beta2);
    const double c1 = bias_correction(o.beta1, opt.steps(), k), c2 = bias_correction(o.beta2, opt.steps(), k);
    const auto g = B::cview(g_k);
    const auto m = B::columns(B::view(b.m), k, 1), v = B::columns(B::view(b.v), k, 1);
    const auto m_before = k == 0 ? B::cview(opt.first_moment()) : B::columns(B::cview(b.m), k - 1, 1);
    const auto v_before = k == 0 ? B::cview(opt.second_moment()) : B::columns(B::cview(b.v), k - 1, 1);
    B::copy(B::columns(B::view(b.grad), k, 1), g);
    B::map(m, [b1](T before, T gi) { return b1 * before + (T(1) - b1) * gi; }, m_before, g);
    B::map(v, [b2](T before, T gi) { return b2 * before + (T(1) - b2) * gi * gi; }, v_before, g);
    const T step_size = T(o.lr / c1), inv_sqrt_c2 = T(1.0 / std::sqrt(c2)), eps = T(o.eps);
    B::map(B::view(theta),
           [=](T th, T mi, T vi) { return th - step_size * mi / (std::sqrt(vi) * inv_sqrt_c2 + eps); },
           B::cview(theta), B::cview(m), B::cview(v));
  }

  // ExactAdam's reverse step k: from θ̄ (= ∂L_G/∂θᵏ⁺¹) and the carried m̄, v̄, writes b.u = ∂L_G/∂gᵏ
  // and leaves m̄, v̄ = ∂L_G/∂mᵏ, ∂L_G/∂vᵏ (see the header's comment for the formulas)
  template <class B, class Opt, class Buffers>
  static void adam_gradient_adjoint(const Adam& o, const Opt& opt, Buffers& b, int k) {
    using T = typename B::Scalar;
    const double c1 = bias_correction(o.beta1, opt.steps(), k), c2 = bias_correction(o.beta2, opt.steps(), k);
    const T step_size = T(o.lr / c1), inv_sqrt_c2 = T(1.0 / std::sqrt(c2)), eps = T(o.eps);
    const T b1 = T(o.beta1), b2 = T(o.beta2);
    const auto m = B::columns(B::cview(b.m), k, 1);
    const auto v = B::columns(B::cview(b.v), k, 1);
    const auto g = B::columns(B::cview(b.grad), k, 1);
    // the adjoints of m and v before the update: m̄ + ∂θ/∂m·θ̄, v̄ + ∂θ/∂v·θ̄
    const auto m_adjoint = [=](T m_bar, T vi, T theta_bar) {
      return m_bar - step_size / (std::sqrt(vi) * inv_sqrt_c2 + eps) * theta_bar;
    };
    // ∂θ/∂v = (lr/c1)·m/den² · ∂(√v/√c2)/∂v; √v has no derivative at v = 0 (then m = g = 0 too)
    const auto v_adjoint = [=](T v_bar, T mi, T vi, T theta_bar) {
      const T root = std::sqrt(vi), den = root * inv_sqrt_c2 + eps;
      return v_bar + (root > T(0) ? step_size * mi * inv_sqrt_c2 / (den * den * T(2) * root) : T(0)) * theta_bar;
    };
    const auto theta_bar = B::cview(b.theta_bar);
    const auto m_bar = B::view(b.m_bar), v_bar = B::view(b.v_bar);
    B::map(B::view(b.u),
           [=](T mb, T vb, T mi, T vi, T gi, T tb) {
             return (T(1) - b1) * m_adjoint(mb, vi, tb) + T(2) * (T(1) - b2) * gi * v_adjoint(vb, mi, vi, tb);
           },
           B::cview(m_bar), B::cview(v_bar), m, v, g, theta_bar);
    B::map(m_bar, [=](T mb, T vi, T tb) { return b1 * m_adjoint(mb, vi, tb); }, B::cview(m_bar), v, theta_bar);
    B::map(v_bar, [=](T vb, T mi, T vi, T tb) { return b2 * v_adjoint(vb, mi, vi, tb); }, B::cview(v_bar), m, v,
           theta_bar);
  }

  // η of the lookahead updates from D's optimizer, its moments frozen at their current values
  // (√v̂ floored at min_moment_ratio × its mean over D's parameters, see the member's comment)
  template <class Opt, class Vector>
  void lookahead_step_sizes(const Opt& opt, Vector& step) const {
    using B = typename Gan::B;
    using T = typename Gan::T;
    const double lr = opt.learning_rate();
    // root(moment) is √v̂ (Adam) or √s (RMSProp)
    const auto precondition = [&](const auto& moment, T scale, double eps) {
      const auto root = [scale](T v) { return std::sqrt(v * scale); };
      const T mean = B::map_sum(root, B::cview(moment)) / static_cast<T>(moment.size());
      const T floor = T(this->min_moment_ratio) * mean, rate = T(lr), e = T(eps);
      B::map(B::view(step), [=](T v) { return rate / (std::max(root(v), floor) + e); }, B::cview(moment));
    };
    if (const auto* adam = std::get_if<Adam>(&opt.settings()); adam && opt.steps() > 0) {
      const T inv_c2 = T(1.0 / (1.0 - std::pow(adam->beta2, static_cast<double>(opt.steps()))));
      precondition(opt.second_moment(), inv_c2, adam->eps);
    } else if (const auto* rms = std::get_if<RMSProp>(&opt.settings()); rms && opt.steps() > 0) {
      precondition(opt.first_moment(), T(1), rms->eps);
    } else {
      B::fill(B::view(step), T(lr));
    }
  }

  LookaheadBuffers buffers_;  // sized in prepare
};

}  // namespace gantk
