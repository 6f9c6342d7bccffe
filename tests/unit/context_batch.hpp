// Caller-owned real, latent and fake batches, and a GAN's StepData pointing into them, for
// tests that call a strategy's or a penalty's hooks directly instead of through a training step:
// the hook receives the Step view (training/step.hpp) over these batches that the GAN would give it.
#pragma once

#include <optional>

#include <gantk/gantk.hpp>

#include "step_buffers.hpp"

namespace gantk::test {

template <class Gan>
struct ContextBatch {
  using M = typename Gan::Matrix;
  M real, z, fake, fake_grad;

  /// The step's data as the GAN builds it (D's outputs point at the GAN's tapes, so the GAN's
  /// workspaces must exist: run one train_step with this batch size first).
  typename Gan::StepData context(Gan& gan, Phase phase = Phase::Generator, long step = 0) {
    using B = typename Gan::B;
    auto& ws = step_buffers(gan);
    return typename Gan::StepData{step,
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

  /// A strategy's hooks called on these batches, with the view the GAN gives each hook
  /// (`s` is the bound strategy: gan.strategy<S>() or a copy of it).
  template <class S>
  double g_objective(Gan& gan, S& s) {
    auto step = view<Hook::GObjective>(gan, s, Phase::Generator);
    return s.g_objective(step);
  }
  template <class S>
  double g_penalty(Gan& gan, S& s) {
    auto step = view<Hook::GPenalty>(gan, s, Phase::Generator);
    return s.g_penalty(step);
  }
  /// (D's passes on the real and fake inputs must be on the GAN's tapes: run_d_passes.)
  template <class S>
  double d_penalty(Gan& gan, S& s) {
    auto step = view<Hook::DPenalty>(gan, s, Phase::Discriminator);
    return s.d_penalty(step);
  }

  /// The view hook H of `s` receives, over these batches (valid until the next call).
  template <Hook H, class S>
  typename Gan::template StepFor<H, S> view(Gan& gan, S&, Phase phase, long step = 0) {
    data_.emplace(context(gan, phase, step));
    return typename Gan::template StepFor<H, S>(gan, *data_);
  }

  /// The data of the last view (what its hook replaced shows here).
  typename Gan::StepData& step_data() { return *data_; }

 protected:
  static M normal(Index rows, Index cols, Rng& rng, double stddev = 1.0) {
    M m(rows, cols);
    rng.fill_normal(m.data(), m.size(), typename Gan::T(0), static_cast<typename Gan::T>(stddev));
    return m;
  }

 private:
  std::optional<typename Gan::StepData> data_;
};

}  // namespace gantk::test
