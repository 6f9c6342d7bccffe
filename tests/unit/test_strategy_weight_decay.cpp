#include <doctest/doctest.h>

#include "strategy_check.hpp"

using namespace gantk;

namespace {
using Arch = MLP<Latent<2>, Data<2>, Hidden<16>>;
using Gan = GAN<Arch, NonSaturatingLoss, Precision<double>, WeightDecay>;
}  // namespace

TEST_CASE("WeightDecay adds λθ to the gradients and reports (λ/2)‖θ‖²") {
  Gan gan{{.seed = 1}, WeightDecay{.discriminator = 0.01, .generator = 0.003}};
  gan.train_step(data::Ring{}.dataset(), 8);
  Rng rng(1);
  test::ContextData<Gan> data(8, rng);
  auto& d = gan.discriminator();
  auto& g = gan.generator();
  d.grads.setRandom();
  g.grads.setRandom();
  const auto d_before = d.grads, g_before = g.grads;
  const auto& wd = gan.strategy<WeightDecay>();
  CHECK(data.d_penalty(gan, wd) == doctest::Approx(0.005 * d.params.squaredNorm()));
  CHECK(data.g_penalty(gan, wd) == doctest::Approx(0.0015 * g.params.squaredNorm()));
  CHECK((d.grads - d_before - 0.01 * d.params).norm() < 1e-12);
  CHECK((g.grads - g_before - 0.003 * g.params).norm() < 1e-12);
}

TEST_CASE("WeightDecay: the penalty's gradient is its derivative (central differences)") {
  Gan gan{{.seed = 2}, WeightDecay{.discriminator = 0.2}};
  gan.train_step(data::Ring{}.dataset(), 4);
  Rng rng(2);
  test::ContextData<Gan> data(4, rng);
  auto& d = gan.discriminator();
  const auto& wd = gan.strategy<WeightDecay>();
  d.grads.setZero();
  data.d_penalty(gan, wd);
  const test::Md analytic = d.grads;
  const test::Md numeric = test::numeric_gradient(d.params, [&](const test::Md& p) {
    d.params = p;
    return data.d_penalty(gan, wd);
  });
  test::check_close(analytic, numeric, 1e-6, "weight decay");
}

TEST_CASE("WeightDecay shrinks D's weights in training; the penalties are reported; bad factors are errors") {
  const auto ring = data::Ring{}.dataset();
  // plain SGD, so that the decay is not rescaled away by Adam's moments
  Gan decayed{{.seed = 3, .d_optimizer = SGD{.lr = 0.05}}, WeightDecay{.discriminator = 0.5}};
  GAN<Arch, NonSaturatingLoss, Precision<double>> plain{{.seed = 3, .d_optimizer = SGD{.lr = 0.05}}};
  StepInfo info;
  for (int s = 0; s < 200; ++s) info = decayed.train_step(ring, 32), plain.train_step(ring, 32);
  CHECK(info.d_penalty > 0);
  CHECK(info.g_penalty == 0);  // generator factor 0: off
  CHECK(decayed.discriminator().params.norm() < 0.8 * plain.discriminator().params.norm());
  CHECK_THROWS_WITH_AS((Gan{{}, WeightDecay{.discriminator = -1}}), doctest::Contains("-1"), Error);
  CHECK_THROWS_WITH_AS((Gan{{}, WeightDecay{.generator = NAN}}), doctest::Contains("generator"), Error);
}
