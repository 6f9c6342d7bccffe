// R1Penalty: the zero-centred gradient penalty on real data (Mescheder, Geiger & Nowozin 2018,
// "Which Training Methods for GANs do actually Converge?").
#pragma once

#include <utility>

#include <gantk/penalties/input_gradient_penalty.hpp>

namespace gantk {

/// D's objective gains (γ/2) · E_x ‖∇ₓD(x)‖² over the real batch as D sees it: D is pushed to
/// be flat on the data, which makes the game locally convergent near equilibrium. It reuses
/// D's forward pass on the real batch, so it costs one backward and one second-order pass.
/// The parameter gradient is exact; every layer of D must provide the second-order passes.
/// Suggests nothing: the paper trains with one D step per G step.
struct R1Penalty : detail::InputGradientPenalty<R1Penalty> {
  double gamma = 10.0;  ///< γ (the paper uses values from 0.1 to 10 depending on the data set)

  // ---- the penalty's part of InputGradientPenalty's contract ----
  void check_settings() const { detail::check_weight("R1Penalty", "gamma", gamma); }
  bool active() const { return gamma > 0; }
  std::pair<double, double> term(double s) const { return {0.5 * gamma * s * s, gamma}; }

  template <class Gan>
  void size(Gan& gan, detail::InputGradientBuffers<Gan>&, Index) const {
    reserve_tangents<typename Gan::DNet>(gan.workspace().d_real_tape);
  }
  // the GAN's own pass: D(real) is on its tape when d_penalty runs
  template <class Ctx, class Buffers>
  auto& pass_at_points(Ctx& ctx, Buffers&, Rng&) const {
    return ctx.gan.workspace().d_real_tape;
  }
};

}  // namespace gantk
