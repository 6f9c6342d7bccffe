// R1Penalty: the zero-centred gradient penalty on real data (Mescheder, Geiger & Nowozin 2018,
// "Which Training Methods for GANs do actually Converge?").
#pragma once

#include <utility>

#include <gantk/strategies/loss_terms/input_gradient_penalty.hpp>

namespace gantk {

/// D's objective gains (γ/2) · E_x ‖∇ₓD(x)‖² over the real batch as D sees it: D is pushed to
/// be flat on the data, which makes the game locally convergent near equilibrium. It reuses
/// D's forward pass on the real batch, so it costs one backward and one second-order pass.
/// The parameter gradient is exact; every layer of D must provide the second-order passes.
/// Suggests nothing: the paper trains with one D step per G step.
struct R1Penalty : detail::InputGradientPenaltySpec {
  template <class Gan>
  using bind = detail::InputGradientPenaltyOn<Gan, R1Penalty>;
  /// It reads the GAN's own pass of D on the real inputs (the GAN keeps it ready for second order).
  static constexpr bool reads_d_real_pass = true;

  double gamma = 10.0;  ///< γ (the paper uses values from 0.1 to 10 depending on the data set)

  // ---- the penalty's part of InputGradientPenaltyOn's contract ----
  void check_settings() const { detail::check_weight("R1Penalty", "gamma", gamma); }
  bool active() const { return gamma > 0; }
  std::pair<double, double> term(double s) const { return {0.5 * gamma * s * s, gamma}; }

  template <class Step, class Buffers>
  auto& pass_at_points(Step& step, Buffers&, Rng&) const {
    return step.d_real_pass();
  }
};

}  // namespace gantk
