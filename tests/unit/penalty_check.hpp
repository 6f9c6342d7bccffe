// Helpers for penalty and unrolling tests: a GAN's StepContext over caller-owned matrices, and
// D's forward passes as the GAN runs them before its d_penalty hooks.
#pragma once

#include <gantk/gantk.hpp>

#include "gradcheck.hpp"

namespace gantk::test {

/// Real, fake and latent batches a hand-made StepContext points into.
template <class Gan>
struct Batch {
  using M = typename Gan::Matrix;
  M real, fake, z, fake_grad;

  Batch(Index n, Rng& rng, double fake_shift = 0.5) {
    real = fill(Gan::data_width, n, rng);
    fake = fill(Gan::data_width, n, rng).array() + typename Gan::T(fake_shift);
    z = fill(Gan::latent_width, n, rng);
    fake_grad = M::Zero(Gan::data_width, n);
  }

  /// A context as the GAN builds it (D's outputs point at the GAN's tapes).
  typename Gan::StepContext context(Gan& gan, Phase phase) {
    using B = typename Gan::B;
    auto& ws = gan.workspace();
    return typename Gan::StepContext{gan,
                                     0,
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
  static M fill(Index r, Index c, Rng& rng) {
    M m(r, c);
    rng.fill_normal(m.data(), m.size(), typename Gan::T(0), typename Gan::T(1));
    return m;
  }
};

/// D's passes on the context's real and fake inputs into the GAN's tapes, as the GAN runs them
/// before the d_penalty hooks.
template <class Gan, class Ctx>
void run_d_passes(Gan& gan, Ctx& ctx) {
  auto& d = gan.discriminator();
  auto& ws = gan.workspace();
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

}  // namespace gantk::test
