// InstanceNoise: Gaussian noise on everything the discriminator sees, annealed to zero (Sønderby,
// Caballero, Theis, Shi & Huszár 2017, "Amortised MAP Inference for Image Super-resolution", §3.2;
// also Arjovsky & Bottou 2017).
#pragma once

#include <type_traits>

#include <gantk/training/hooks.hpp>
#include <gantk/training/policy.hpp>
#include <gantk/foundation/rng.hpp>
#include <gantk/training/run_types.hpp>
#include <gantk/strategies/d_inputs/noise_schedule.hpp>

namespace gantk {

/// D sees x + σε for real and fake samples alike, in D's update and in G's. Spreading both
/// distributions makes their supports overlap, so D cannot separate them perfectly and G gets
/// useful gradients toward modes it does not cover yet; σ falls linearly from `stddev` to 0 at
/// step `anneal_steps` so that the model is fitted to the clean data in the end. The noise is
/// additive, so the gradient reaching G is D's gradient at the noisy point, unchanged.
///
/// It acts in on_d_inputs on whatever D would see, after the strategies that choose D's inputs
/// (ExperienceReplay, DInputStage::Select), so replayed fakes are noised too.
struct InstanceNoise : Strategy {
  static constexpr DInputStage d_input_stage = DInputStage::Perturb;
  double stddev = 0.1;       ///< σ at step 0, in data units
  long anneal_steps = 5000;  ///< σ reaches 0 at this step; 0 keeps σ constant

  /// σ in force at a step.
  double stddev_at(long step) const { return detail::annealed_stddev(stddev, anneal_steps, step); }

  void validate() const { detail::check_noise_settings("InstanceNoise", stddev, anneal_steps); }

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// InstanceNoise in a GAN: its noisy copies of D's inputs and its random stream.
template <class Gan>
class InstanceNoise::Bound : public InstanceNoise {
 public:
  void seed(Rng rng) { rng_ = rng; }
  /// Its random stream's position (checkpoints).
  template <class Archive>
  void serialize_state(Archive& a) {
    a.io(rng_);
  }

  void prepare(Index batch) {
    real_.resize(Gan::data_width, batch);
    fake_.resize(Gan::data_width, batch);
  }

  template <class Step>
  void on_d_inputs(Step& step) {
    const double s = stddev_at(step.step_index());
    if (s <= 0) return;
    step.replace_d_real_input(add_noise(real_, step.d_real_input(), static_cast<T>(s)));
    step.replace_d_fake_input(add_noise(fake_, step.d_fake_input(), static_cast<T>(s)));
  }

 private:
  using T = typename Gan::T;
  using Matrix = typename Gan::Matrix;
  using B = typename Gan::B;

  // out = in + s·ε
  template <class In>
  const T* add_noise(Matrix& out, const In& in, T s) {
    B::fill_normal(B::view(out), rng_, T(0), s);
    B::axpy(T(1), in, B::view(out));
    return out.data();
  }

  Matrix real_, fake_;  // what D sees (data_width × batch)
  Rng rng_;
};

}  // namespace gantk
