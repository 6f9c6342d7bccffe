// Caller-owned real, latent and fake batches, and a GAN's StepContext pointing into them, for
// tests that call a strategy's or a penalty's hooks directly instead of through a training step.
#pragma once

#include <gantk/gantk.hpp>

namespace gantk::test {

template <class Gan>
struct ContextBatch {
  using M = typename Gan::Matrix;
  M real, z, fake, fake_grad;

  /// A context as the GAN builds it (D's outputs point at the GAN's tapes, so the GAN's
  /// workspaces must exist: run one train_step with this batch size first).
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

 protected:
  static M normal(Index rows, Index cols, Rng& rng, double stddev = 1.0) {
    M m(rows, cols);
    rng.fill_normal(m.data(), m.size(), typename Gan::T(0), static_cast<typename Gan::T>(stddev));
    return m;
  }
};

}  // namespace gantk::test
