// R2Penalty: the zero-centred gradient penalty on generated data (Mescheder, Geiger & Nowozin
// 2018, "Which Training Methods for GANs do actually Converge?").
#pragma once

#include <utility>

#include <gantk/strategies/loss_terms/input_gradient_penalty.hpp>

namespace gantk {

/// D's objective gains (γ/2) · E_z ‖∇ₓD(G(z))‖² over the fake batch as D sees it (R1's twin on
/// the generator's samples). Reuses D's forward pass on the fakes. The parameter gradient is
/// exact; every layer of D must provide the second-order passes. Suggests nothing.
struct R2Penalty : detail::InputGradientPenaltySpec {
  template <class Gan>
  using bind = detail::InputGradientPenaltyOn<Gan, R2Penalty>;
  /// It reads the GAN's own pass of D on the fake inputs (the GAN keeps it ready for second order).
  static constexpr bool reads_d_fake_pass = true;

  double gamma = 10.0;  ///< γ

  // ---- the penalty's part of InputGradientPenaltyOn's contract ----
  void check_settings() const { detail::check_weight("R2Penalty", "gamma", gamma); }
  bool active() const { return gamma > 0; }
  std::pair<double, double> term(double s) const { return {0.5 * gamma * s * s, gamma}; }

  template <class Step, class Buffers>
  auto& pass_at_points(Step& step, Buffers&, Rng&) const {
    return step.d_fake_pass();
  }
};

}  // namespace gantk
