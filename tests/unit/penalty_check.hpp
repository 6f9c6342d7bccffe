// Helpers for penalty and unrolling tests: batches for a hand-made step, and D's forward
// passes as the GAN runs them before its d_penalty hooks.
#pragma once

#include <gantk/gantk.hpp>

#include "context_batch.hpp"
#include "gradcheck.hpp"
#include "step_buffers.hpp"

namespace gantk::test {

/// Real, fake (shifted by fake_shift) and latent batches, drawn in that order.
template <class Gan>
struct Batch : ContextBatch<Gan> {
  Batch(Index n, Rng& rng, double fake_shift = 0.5) {
    this->real = this->normal(Gan::data_width, n, rng);
    this->fake = this->normal(Gan::data_width, n, rng).array() + typename Gan::T(fake_shift);
    this->z = this->normal(Gan::latent_width, n, rng);
    this->fake_grad = ContextBatch<Gan>::M::Zero(Gan::data_width, n);
  }
};

/// D's passes on the context's real and fake inputs into the GAN's tapes, as the GAN runs them
/// before the d_penalty hooks.
template <class Gan, class Ctx>
void run_d_passes(Gan& gan, const Ctx& ctx) {
  auto& d = gan.discriminator();
  auto& ws = step_buffers(gan);
  const Pass pass{Mode::Train, nullptr};
  d.net.forward(d.params.data(), d.state.data(), ctx.packed(ctx.d_real_input), ws.d_real_tape, pass);
  d.net.forward(d.params.data(), d.state.data(), ctx.packed(ctx.d_fake_input), ws.d_fake_tape, pass);
}

/// Moves every parameter of a model by jitter·N(0, 1) (BatchNorm's γ away from 1, biases from 0).
template <class Model>
void jitter(Model& m, Rng& rng, double scale) {
  using T = typename Model::T;
  for (Index i = 0; i < m.params.size(); ++i) m.params[i] += static_cast<T>(scale * rng.normal<double>());
}

/// The rows of D's layer before its last (train mode) on x: every critic's score when the last
/// layer is AuxiliaryOutputs (MultiHeadD, Gman, D2Gan), N × n.
template <class Gan>
Md critic_rows(Gan& gan, const Md& x) {
  auto& d = gan.discriminator();
  typename Gan::DNet::Tape tape;
  typename Gan::Vector state = d.state;
  d.net.forward(d.params.data(), state.data(), Gan::B::cview(x), tape, Pass{Mode::Train, nullptr});
  return tape.out[Gan::DNet::depth - 2];
}

/// Strategy S's d_penalty on a hand-made step of a Gan built with `settings` (after one training
/// step): its gradient in D's parameters against central differences.
template <class Gan, class S>
void check_d_penalty_gradient(S settings = {}, double tol = 1e-6) {
  Gan gan{{.seed = 2}, settings};
  gan.train_step(data::Ring{}.dataset(), 6);
  Rng rng(5);
  Batch<Gan> batch(6, rng);
  auto& d = gan.discriminator();
  const auto term = [&] {
    run_d_passes(gan, batch.context(gan, Phase::Discriminator));
    return batch.d_penalty(gan, gan.template strategy<S>());
  };
  d.grads.setZero();
  const double value = term();
  CHECK(std::isfinite(value));
  const Md analytic = d.grads;
  CHECK(analytic.norm() > 0);
  const Md keep = d.params;
  const Md numeric = numeric_gradient(keep, [&](const Md& p) {
    d.params = p;
    return term();
  });
  d.params = keep;
  check_close(analytic, numeric, tol, "the strategy's D term with respect to D's parameters");
}

}  // namespace gantk::test
