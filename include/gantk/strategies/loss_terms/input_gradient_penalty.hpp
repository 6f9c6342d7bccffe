// The machinery shared by the penalties on D's input gradient (GradientPenalty, R1Penalty,
// R2Penalty, DRAGANPenalty): where ∇ₓD is taken differs, how it is penalised differs, and the
// exact parameter gradient is computed the same way.
//
// Per step, with n = batch / pack (D's inputs may be packed), P = (1/n) Σ_j ψ(‖g_j‖) where
// g = ∇ₓ Σ_j D(x_j) at the penalty's points:
//   1. D's forward pass at the points (or the GAN's own pass on real or fake inputs)
//   2. g by one backward pass from ones, without parameter gradients
//   3. v_j = ψ'(‖g_j‖)/(n‖g_j‖) · g_j = ∂P/∂g_j
//   4. D's grads += ∂θ⟨v, g⟩: a tangent pass with ẋ = v and its reverse with ẏ̄ = 1
// Step 4 is exact (gantk/nn/second_order.hpp); nothing is differentiated numerically. Buffers
// are sized in prepare(), so a step allocates nothing.
#pragma once

#include <cmath>
#include <type_traits>
#include <utility>
#include <vector>

#include <algorithm>

#include <gantk/foundation/error.hpp>
#include <gantk/foundation/rng.hpp>
#include <gantk/foundation/type_list.hpp>
#include <gantk/nn/partial_backward.hpp>
#include <gantk/nn/second_order.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

namespace detail {

template <class Penalty, bool DiscriminatorHasSecondOrder>
struct PenaltyNeedsSecondOrder {
  static_assert(DiscriminatorHasSecondOrder,
                "a penalty on D's input gradient (GradientPenalty, R1Penalty, R2Penalty, DRAGANPenalty) needs the "
                "exact second-order passes of every layer of D, and a layer of this discriminator has no tangent_forward / "
                "tangent_backward: add them (see gantk/layers/layer.hpp and gantk/nn/second_order.hpp) or drop the "
                "penalty; PenaltyNeedsSecondOrder<Penalty, ...> in the instantiation names the penalty");
  static constexpr bool ok = true;
};

/// One GAN's buffers for an input-gradient penalty (n = batch / pack columns).
template <class Gan>
struct InputGradientBuffers {
  using Matrix = typename Gan::Matrix;
  typename Gan::DNet::Tape tape;  ///< D's pass at the penalty's own points (GP, DRAGAN)
  Matrix points;                  ///< those points (d_input_width × n)
  Matrix grad;                    ///< g = ∇ₓΣD at the points
  Matrix dir;                     ///< v = ∂P/∂g
  Matrix ones;                    ///< 1 × n
  Matrix seed;                    ///< one critic's row of ones (several-discriminator D's)
  Matrix coef;                    ///< the penalty's per-feature coefficients (DRAGAN's scales)
  std::vector<typename Gan::T> weights;  ///< per-sample weights drawn on the host (GP's ε)

  /// Sizes the points and D's tape there (ready for second-order passes), for a penalty that
  /// evaluates D at points of its own.
  void own_points(Index n) {
    points.resize(Gan::d_input_width, n);
    tape.resize(n);
    reserve_tangents<typename Gan::DNet>(tape);
  }
};

/// How many critics D has (`critics` of a strategy such as Gman<N>: rows 0..N−1 of the layer
/// before D's AuxiliaryOutputs), 1 when no strategy declares them.
template <class List>
struct critic_count;
template <class... S>
struct critic_count<TypeList<S...>> {
  template <class X>
  static constexpr int of() {
    if constexpr (requires { X::critics; }) return X::critics;
    else return 0;
  }
  static constexpr int value = std::max({1, of<S>()...});
};

/// What the GAN reads from every input-gradient penalty's settings.
struct InputGradientPenaltySpec : Strategy {
  /// Marks a penalty on ∇ₓD: exact unrolling (UnrolledD) refuses it, since differentiating
  /// through D's penalised updates would need third derivatives.
  static constexpr bool penalizes_input_gradient = true;
  /// Bounds D's slope (around the data or the interpolates): constraint enough for WassersteinLoss.
  static constexpr bool constrains_critic = true;
};

/// An input-gradient penalty bound to a GAN: its settings (Penalty), its buffers in the GAN's
/// types and its random stream. Penalty provides
///   void check_settings() const                       GANTK_CHECK its settings
///   bool active() const                               false when its weight is 0
///   std::pair<double, double> term(double s) const    ψ(s) and ψ'(s)/s for s = ‖g_j‖
///   DTape& pass_at_points(step, buffers, rng) const   a tape holding D's forward pass at its points
///   static void size(buffers, n)   (optional)         size what it uses beyond grad/dir/ones
template <class Gan, class Penalty>
class InputGradientPenaltyOn : public Penalty {
 public:
  using Buffers = InputGradientBuffers<Gan>;

  void validate() const {
    static_assert(PenaltyNeedsSecondOrder<Penalty, Gan::DNet::second_order>::ok);
    this->check_settings();
  }

  void seed(Rng rng) { rng_ = rng; }
  /// Its random stream's position (checkpoints).
  template <class Archive>
  void serialize_state(Archive& a) {
    a.io(rng_);
  }

  void prepare(Index batch) {
    if constexpr (Gan::DNet::second_order) {
      const Index n = batch / Gan::pack;
      buffers_.grad.resize(Gan::d_input_width, n);
      buffers_.dir.resize(Gan::d_input_width, n);
      buffers_.ones.resize(1, n);
      Gan::B::fill(Gan::B::view(buffers_.ones), typename Gan::T(1));
      if constexpr (critics > 1) buffers_.seed.resize(Gan::DNet::out_widths[Gan::DNet::depth - 2], n);
      if constexpr (requires { Penalty::size(buffers_, n); }) Penalty::size(buffers_, n);
    }
  }

  /// Adds the exact ∂P/∂θ to D's gradient; returns P. With several critics (Gman<N>, MultiHeadD<N>,
  /// D2Gan) P is the sum of each critic's penalty, each from its own input gradient.
  template <class Step>
  double d_penalty(Step& step) {
    if constexpr (!Gan::DNet::second_order) {
      return 0.0;  // validate() has already stopped the build with PenaltyNeedsSecondOrder
    } else {
      using B = typename Gan::B;
      if (!this->active()) return 0.0;
      auto& b = buffers_;
      auto& tape = this->pass_at_points(step, b, rng_);
      const auto& net = step.d_net();
      const auto* params = step.d_params().data();
      auto* dp = step.d_grads().data();
      if constexpr (critics == 1) {
        input_gradient(net, params, tape, B::cview(b.ones), B::view(b.grad));
        const double total = directions();
        add_input_gradient_vjp(net, params, tape, B::cview(b.dir), B::cview(b.ones), dp);
        return total / static_cast<double>(b.grad.cols());
      } else {
        // critic c: the same two passes from a row of ones in row c of the critics' layer
        constexpr std::size_t head = Gan::DNet::depth - 2;
        double total = 0;
        for (int c = 0; c < critics; ++c) {
          B::fill(B::view(b.seed), typename Gan::T(0));
          B::fill_rows(B::view(b.seed), c, 1, typename Gan::T(1));
          detail::backward_from<head>(net, params, tape, B::cview(b.seed), B::view(b.grad));
          total += directions();
          net.tangent_forward(params, nullptr, tape, B::cview(b.dir));
          net.template tangent_backward_from<head>(params, nullptr, tape, B::cnone(), B::cview(b.seed), dp, B::none(),
                                                   B::none());
        }
        return total / static_cast<double>(b.grad.cols());
      }
    }
  }

 private:
  static constexpr int critics = critic_count<typename Gan::StrategyList>::value;

  // v_j = ψ'(‖g_j‖)/(n‖g_j‖) · g_j into dir from the input gradient in grad; returns Σ_j ψ(‖g_j‖)
  double directions() {
    using B = typename Gan::B;
    using T = typename Gan::T;
    auto& b = buffers_;
    const Index n = b.grad.cols();
    double total = 0;
    for (Index j = 0; j < n; ++j) {
      const auto g_j = B::columns(B::cview(b.grad), j, 1);
      const auto [value, slope_over_norm] = this->term(std::sqrt(static_cast<double>(B::dot(g_j, g_j))));
      total += value;
      const T scale = static_cast<T>(slope_over_norm / static_cast<double>(n));
      B::map(B::columns(B::view(b.dir), j, 1), [scale](T g) { return scale * g; }, g_j);
    }
    return total;
  }

  Buffers buffers_;
  Rng rng_;
};

/// (‖g‖ − 1)² with its derivative over ‖g‖, optionally one-sided (max(0, ‖g‖ − 1)²).
inline std::pair<double, double> unit_norm_term(double lambda, double s, bool one_sided) {
  const double excess = one_sided && s < 1 ? 0.0 : s - 1;
  return {lambda * excess * excess, s > 0 ? 2 * lambda * excess / s : 0.0};
}

inline void check_weight(const char* who, const char* name, double value) {
  GANTK_CHECK(value >= 0 && std::isfinite(value), who, ": ", name, " must be finite and ≥ 0, got ", value);
}

}  // namespace detail
}  // namespace gantk
