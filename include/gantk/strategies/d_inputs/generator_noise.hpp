// GeneratorNoise: noise on the generator's input or output during training, as the
// mode-collapse articles suggest ("adding noise to the input or output of the generator").
#pragma once

#include <type_traits>

#include <gantk/training/hooks.hpp>
#include <gantk/training/policy.hpp>
#include <gantk/foundation/rng.hpp>
#include <gantk/strategies/d_inputs/noise_schedule.hpp>

namespace gantk {

/// Two annealed noises, each off when its σ is 0 (the default for the input):
///  - input:  z ← z + σ_in ε before G runs (training steps only; sample() is untouched). With a
///    Gaussian z this widens the latent distribution early in training, so G must spread over
///    more of data space; it is weaker than the output noise.
///  - output: D sees G(z) + σ_out ε as the fake, in D's update and in G's (the gradient reaches G
///    unchanged). Unlike InstanceNoise the real samples stay clean, so D can tell fakes by their
///    blur: keep σ_out small, or prefer InstanceNoise, which noises both sides.
/// Both fall linearly to 0 at `anneal_steps` (0 keeps them constant).
struct GeneratorNoise : Strategy {
  static constexpr DInputStage d_input_stage = DInputStage::Perturb;
  double input_stddev = 0.0;   ///< σ added to z
  double output_stddev = 0.05; ///< σ added to G(z) as D sees it
  long anneal_steps = 5000;

  void validate() const {
    detail::check_noise_settings("GeneratorNoise (input)", input_stddev, anneal_steps);
    detail::check_noise_settings("GeneratorNoise (output)", output_stddev, anneal_steps);
  }

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// GeneratorNoise in a GAN: its noisy copy of the fakes and its random stream.
template <class Gan>
class GeneratorNoise::Bound : public GeneratorNoise {
 public:
  void seed(Rng rng) { rng_ = rng; }
  /// Its random stream's position (checkpoints).
  template <class Archive>
  void serialize_state(Archive& a) {
    a.io(rng_);
  }

  void prepare(Index batch) {
    fake_.resize(Gan::data_width, batch);
    z_noise_.resize(Gan::latent_width, batch);  // sized even when off: the settings may change later
  }

  template <class Step>
  void on_batch(Step& step) {
    const double s = detail::annealed_stddev(input_stddev, anneal_steps, step.step_index());
    if (s <= 0) return;
    B::fill_normal(B::view(z_noise_), rng_, T(0), static_cast<T>(s));
    B::axpy(T(1), B::cview(z_noise_), step.z());
  }

  template <class Step>
  void on_d_inputs(Step& step) {
    const double s = detail::annealed_stddev(output_stddev, anneal_steps, step.step_index());
    if (s <= 0) return;
    B::fill_normal(B::view(fake_), rng_, T(0), static_cast<T>(s));
    B::axpy(T(1), step.d_fake_input(), B::view(fake_));
    step.replace_d_fake_input(fake_.data());
  }

 private:
  using T = typename Gan::T;
  using B = typename Gan::B;
  typename Gan::Matrix fake_;     // G(z) + σ_out ε as D sees it
  typename Gan::Matrix z_noise_;  // σ_in ε (latent_width × batch)
  Rng rng_;
};

}  // namespace gantk
