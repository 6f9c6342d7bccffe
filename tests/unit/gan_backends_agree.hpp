// Whole GANs trained side by side on the CPU backend and the reference backend (double): both
// must take the same steps, up to summation order. Used by the reference-backend GAN tests and
// the image-architecture tests.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <gantk/backend/reference.hpp>
#include <gantk/gantk.hpp>

namespace gantk::test {

// Adam with a large ε: a parameter whose gradient is zero up to rounding (a cancellation) moves
// by ~lr·rounding/ε on both backends, instead of ±lr by the sign of that rounding.
constexpr Adam kSmoothAdam{.lr = 1e-3, .beta1 = 0.5, .beta2 = 0.999, .eps = 1e-4};

template <class V>
std::vector<double> values(const V& v) {
  return std::vector<double>(v.data(), v.data() + v.size());
}

/// max |a − b| / max(1, max |b|)
inline double relative_gap(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double gap = 0, scale = 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    gap = std::max(gap, std::abs(a[i] - b[i]));
    scale = std::max(scale, std::abs(b[i]));
  }
  return gap / scale;
}

/// Trains GAN<Arch, Loss, Policies...> on both backends for `steps` steps of `batch` samples of
/// `data` and compares losses, penalties and both networks' parameters and state.
template <class Arch, class Loss, class... Policies, class Data, class... Given>
void compare_on(const Data& data, const std::string& name, int steps, Index batch, std::optional<Optimizer> optimizer,
                Given... given) {
  using OnCpu = GAN<Arch, Loss, Policies..., Precision<double>>;
  using OnReference = GAN<Arch, Loss, Policies..., Precision<double>, Backend<Reference>>;
  static_assert(std::is_same_v<typename OnReference::B, ReferenceBackend<double>>);
  typename OnCpu::Config config{.seed = 11};
  config.g_optimizer = optimizer;
  config.d_optimizer = optimizer;
  OnCpu cpu(config, given...);
  OnReference ref(typename OnReference::Config{.seed = 11, .g_optimizer = optimizer, .d_optimizer = optimizer},
                  given...);
  INFO(name);
  for (int s = 0; s < steps; ++s) {
    const StepInfo a = cpu.train_step(data, batch), b = ref.train_step(data, batch);
    INFO("step " << s + 1);
    const double loss_scale = std::max(1.0, std::abs(a.d_loss) + std::abs(a.g_loss));
    CHECK(std::abs(a.d_loss - b.d_loss) <= 1e-10 * loss_scale);
    CHECK(std::abs(a.g_loss - b.g_loss) <= 1e-10 * loss_scale);
    CHECK(std::abs(a.d_penalty - b.d_penalty) <= 1e-10 * std::max(1.0, std::abs(a.d_penalty)));
    CHECK(std::abs(a.g_penalty - b.g_penalty) <= 1e-10 * std::max(1.0, std::abs(a.g_penalty)));
  }
  CHECK(relative_gap(values(cpu.discriminator().params), values(ref.discriminator().params)) <= 1e-10);
  CHECK(relative_gap(values(cpu.generator().params), values(ref.generator().params)) <= 1e-10);
  CHECK(relative_gap(values(cpu.discriminator().state), values(ref.discriminator().state)) <= 1e-10);
  CHECK(relative_gap(values(cpu.generator().state), values(ref.generator().state)) <= 1e-10);
  // the trained G sampled on both (evaluation mode, the same stream)
  CHECK(relative_gap(values(cpu.sample(32)), values(ref.sample(32))) <= 1e-10);
  // and the steps moved something: a comparison of two untouched GANs would prove nothing
  const OnCpu fresh(config, given...);
  CHECK(relative_gap(values(cpu.discriminator().params), values(fresh.discriminator().params)) > 1e-6);
}

/// compare_on() with the ring of 8 Gaussians as data.
template <class Arch, class Loss, class... Policies, class... Given>
void compare(const std::string& name, int steps, Index batch, std::optional<Optimizer> optimizer, Given... given) {
  compare_on<Arch, Loss, Policies...>(data::Ring{}.dataset(), name, steps, batch, optimizer, given...);
}

}  // namespace gantk::test
