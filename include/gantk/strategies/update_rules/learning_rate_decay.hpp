// LearningRateDecay: both optimizers' learning rates fall geometrically over a span of steps.
//
// Not a remedy for collapse itself, but what turns coverage into quality: with a constant rate
// G keeps jittering around the modes it found, and on mixtures of narrow Gaussians most of its
// samples then fall outside 3σ. Annealing the rate lets G settle onto them.
#pragma once

#include <cmath>

#include <gantk/foundation/error.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

/// lr(t) = lr₀ · final_factor^((t − from_step)/(to_step − from_step)), clamped to the span:
/// lr₀ before from_step, lr₀·final_factor from to_step on. lr₀ is each optimizer's rate at the
/// GAN's first training step (a rate set on the optimizer after the GAN is built counts), so the
/// user's (or a policy's) choice of optimizer still sets the scale.
struct LearningRateDecay : Strategy {
  long from_step = 0;
  long to_step = 10'000;
  double final_factor = 0.01;  ///< lr at to_step relative to the initial lr, in (0, 1]

  /// The factor on the initial learning rates at a step.
  double factor(long step) const {
    if (step <= from_step) return 1.0;
    if (step >= to_step) return final_factor;
    const double t = static_cast<double>(step - from_step) / static_cast<double>(to_step - from_step);
    return std::pow(final_factor, t);
  }

  void validate() const {
    GANTK_CHECK(from_step >= 0, "LearningRateDecay: from_step must be ≥ 0, got ", from_step);
    GANTK_CHECK(to_step > from_step, "LearningRateDecay: to_step (", to_step, ") must come after from_step (",
                from_step, ")");
    GANTK_CHECK(final_factor > 0 && final_factor <= 1, "LearningRateDecay: final_factor must lie in (0, 1], got ",
                final_factor);
  }

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// LearningRateDecay in a GAN: the base rates, taken at the first step.
template <class Gan>
class LearningRateDecay::Bound : public LearningRateDecay {
 public:
  /// The base rates taken at the first step (checkpoints).
  template <class Archive>
  void serialize_state(Archive& a) {
    a.io(g_lr0_);
    a.io(d_lr0_);
    a.io(have_lr0_);
  }

  /// Scales the base rates, so that a reduced rate (divergence recovery) survives the schedule.
  void scale_learning_rates(double factor) {
    g_lr0_ *= factor;
    d_lr0_ *= factor;
  }

  template <class Step>
  void on_batch(Step& step) {
    if (step.critic_iteration() != 0) return;
    if (!have_lr0_) {
      g_lr0_ = step.g_learning_rate();
      d_lr0_ = step.d_learning_rate();
      have_lr0_ = true;
    }
    const double f = factor(step.step_index());
    step.set_learning_rates(g_lr0_ * f, d_lr0_ * f);
  }

 private:
  double g_lr0_ = 0, d_lr0_ = 0;  // each optimizer's rate at the first step
  bool have_lr0_ = false;
};

}  // namespace gantk
