// R2Penalty: the zero-centred gradient penalty on generated data (Mescheder, Geiger & Nowozin
// 2018, "Which Training Methods for GANs do actually Converge?").
#pragma once

#include <utility>

#include <gantk/penalties/input_gradient_penalty.hpp>

namespace gantk {

/// D's objective gains (γ/2) · E_z ‖∇ₓD(G(z))‖² over the fake batch as D sees it (R1's twin on
/// the generator's samples). Reuses D's forward pass on the fakes. The parameter gradient is
/// exact; every layer of D must provide the second-order passes. Suggests nothing.
struct R2Penalty : detail::InputGradientPenalty<R2Penalty> {
  double gamma = 10.0;  ///< γ

  // ---- the penalty's part of InputGradientPenalty's contract ----
  void check_settings() const { detail::check_weight("R2Penalty", "gamma", gamma); }
  bool active() const { return gamma > 0; }
  std::pair<double, double> term(double s) const { return {0.5 * gamma * s * s, gamma}; }

  template <class Gan>
  void size(Gan& gan, detail::InputGradientBuffers<Gan>&, Index) const {
    reserve_tangents<typename Gan::DNet>(gan.workspace().d_fake_tape);
  }
  // the GAN's own pass: D(fake) is on its tape when d_penalty runs
  template <class Ctx, class Buffers>
  auto& pass_at_points(Ctx& ctx, Buffers&, Rng&) const {
    return ctx.gan.workspace().d_fake_tape;
  }
};

}  // namespace gantk
