// Helpers for strategy tests: a StepContext over caller-owned matrices, and a central-difference
// check of the gradient a G-side term (g_penalty or g_objective) writes into ctx.fake_grad.
#pragma once

#include <doctest/doctest.h>

#include <functional>

#include <gantk/gantk.hpp>

#include "gradcheck.hpp"

namespace gantk::test {

/// Matrices a hand-made training context points into.
template <class Gan>
struct ContextData {
  using M = typename Gan::Matrix;
  M real, z, fake, fake_grad;

  ContextData(Index batch, Rng& rng, double fake_scale = 1.0) {
    real = random(Gan::data_width, batch, rng, 1.0);
    z = random(Gan::latent_width, batch, rng, 1.0);
    fake = random(Gan::data_width, batch, rng, fake_scale);
    fake_grad = M::Zero(Gan::data_width, batch);
  }

  /// A context as the GAN builds it for its G update (the GAN's workspaces must exist: run one
  /// train_step with this batch size first).
  typename Gan::StepContext context(Gan& gan, Phase phase = Phase::Generator, long step = 0) {
    using B = typename Gan::B;
    auto& ws = gan.workspace();
    return typename Gan::StepContext{gan,
                                     step,
                                     0,
                                     phase,
                                     real.cols(),
                                     B::view(real),
                                     B::view(z),
                                     B::cview(fake),
                                     real.data(),
                                     fake.data(),
                                     Targets{},
                                     B::cview(ws.d_real_tape.out[Gan::DNet::depth - 1]),
                                     B::cview(ws.d_fake_tape.out[Gan::DNet::depth - 1]),
                                     B::view(fake_grad)};
  }

 private:
  static M random(Index r, Index c, Rng& rng, double scale) {
    M m(r, c);
    rng.fill_normal(m.data(), m.size(), typename Gan::T(0), static_cast<typename Gan::T>(scale));
    return m;
  }
};

/// Checks that `term(ctx)` (which returns a value and writes or adds its gradient with respect to
/// the fakes into ctx.fake_grad, starting from zero) agrees with central differences of its value.
template <class Gan, class Term>
void check_fake_gradient(Gan& gan, ContextData<Gan>& data, Term term, double tol = 1e-6) {
  data.fake_grad.setZero();
  auto ctx = data.context(gan);
  const double value = term(ctx);
  CHECK(std::isfinite(value));
  const Md analytic = data.fake_grad;
  const Md keep = data.fake;
  const auto f = [&](const Md& fake) {
    data.fake = fake;
    data.fake_grad.setZero();
    auto c = data.context(gan);
    return term(c);
  };
  const Md numeric = numeric_gradient(keep, f);
  data.fake = keep;
  check_close(analytic, numeric, tol, "gradient with respect to the fakes");
}

}  // namespace gantk::test
