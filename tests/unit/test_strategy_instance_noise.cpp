#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "strategy_check.hpp"

using namespace gantk;

namespace {
// Listed after the strategy under test: records, per phase, the standard deviation of what D sees
// minus the clean batch, and whether D's inputs are the clean batch itself.
struct NoiseProbe : Strategy {
  static constexpr DInputStage d_input_stage = DInputStage::Perturb;  // after the noise: listed after it
  struct Seen {
    Phase phase;
    long step;
    double real_sd, fake_sd;
    bool real_clean, fake_clean;
  };
  std::vector<Seen> seen;
  template <class Step>
  void on_d_inputs(Step& step) {
    const HostMatrix<typename Step::T> dr = step.d_real_input() - step.real();
    const HostMatrix<typename Step::T> df = step.d_fake_input() - step.fake();
    seen.push_back({step.phase(), step.step_index(), std::sqrt(dr.squaredNorm() / double(dr.size())),
                    std::sqrt(df.squaredNorm() / double(df.size())), step.d_real_input().data() == step.real().data(),
                    step.d_fake_input().data() == step.fake().data()});
  }
};
using Arch = MLP<Latent<2>, Data<2>, Hidden<8>>;
}  // namespace

TEST_CASE("InstanceNoise: σ falls linearly to 0 at anneal_steps, or stays") {
  const InstanceNoise n{.stddev = 0.4, .anneal_steps = 100};
  CHECK(n.stddev_at(0) == doctest::Approx(0.4));
  CHECK(n.stddev_at(25) == doctest::Approx(0.3));
  CHECK(n.stddev_at(100) == 0.0);
  CHECK(n.stddev_at(1000) == 0.0);
  CHECK(InstanceNoise{.stddev = 0.2, .anneal_steps = 0}.stddev_at(1'000'000) == doctest::Approx(0.2));
}

TEST_CASE("InstanceNoise: D sees real and fake samples with noise of the scheduled σ, in both phases") {
  GAN<Arch, NonSaturatingLoss, InstanceNoise, NoiseProbe> gan{{.seed = 1}, InstanceNoise{.stddev = 0.5, .anneal_steps = 4}};
  const auto ring = data::Ring{}.dataset();
  for (int s = 0; s < 6; ++s) gan.train_step(ring, 512);
  const auto& seen = gan.strategy<NoiseProbe>().seen;
  REQUIRE(seen.size() == 12);  // a D and a G phase per step
  for (const auto& s : seen) {
    CAPTURE(s.step);
    const double sigma = 0.5 * std::max(0.0, 1.0 - s.step / 4.0);
    if (sigma == 0) {
      CHECK(s.real_clean);
      CHECK(s.fake_clean);
    } else {
      CHECK(s.real_sd == doctest::Approx(sigma).epsilon(0.06));  // 1024 draws: sd within ~3%
      CHECK(s.fake_sd == doctest::Approx(sigma).epsilon(0.06));
    }
  }
  CHECK(seen[1].phase == Phase::Generator);
}

TEST_CASE("InstanceNoise: G's gradient is D's gradient at the noisy fakes, passed through unchanged") {
  using Gan = GAN<Arch, NonSaturatingLoss, Precision<double>, InstanceNoise>;
  Gan gan{{.seed = 2}, InstanceNoise{.stddev = 0.3, .anneal_steps = 0}};
  gan.train_step(data::Ring{}.dataset(), 6);
  Rng rng(3);
  test::ContextData<Gan> data(6, rng);
  const auto fixed = gan.strategy<InstanceNoise>();  // a copy of its state: the same noise every time
  test::check_fake_gradient(gan, data, [&] {
    auto noise = fixed;
    auto step = data.view<Hook::OnDInputs>(gan, noise, Phase::Generator);
    noise.on_d_inputs(step);
    CHECK(step.d_fake_input().data() != data.fake.data());
    return gan.default_g_objective(data.step_data());
  });
}

TEST_CASE("InstanceNoise: bad settings are errors naming the value") {
  using Gan = GAN<Arch, NonSaturatingLoss, InstanceNoise>;
  CHECK_THROWS_WITH_AS((Gan{{}, InstanceNoise{.stddev = -0.1}}), doctest::Contains("-0.1"), Error);
  CHECK_THROWS_WITH_AS((Gan{{}, InstanceNoise{.anneal_steps = -5}}), doctest::Contains("-5"), Error);
}

TEST_CASE("GeneratorNoise: output noise on the fakes D sees, input noise on z; reals stay clean") {
  GAN<Arch, NonSaturatingLoss, GeneratorNoise, NoiseProbe> gan{
      {.seed = 4}, GeneratorNoise{.input_stddev = 0.5, .output_stddev = 0.2, .anneal_steps = 0}};
  const auto ring = data::Ring{}.dataset();
  gan.train_step(ring, 512);
  for (const auto& s : gan.strategy<NoiseProbe>().seen) {
    CHECK(s.real_clean);
    CHECK(s.fake_sd == doctest::Approx(0.2).epsilon(0.06));
  }
  // input noise: the same seed without it gives other fakes
  GAN<Arch, NonSaturatingLoss, GeneratorNoise> a{{.seed = 4}, GeneratorNoise{.input_stddev = 0.5, .output_stddev = 0}};
  GAN<Arch, NonSaturatingLoss, GeneratorNoise> b{{.seed = 4}, GeneratorNoise{.input_stddev = 0.0, .output_stddev = 0}};
  a.train_step(ring, 16);
  b.train_step(ring, 16);
  CHECK(a.generator().params != b.generator().params);
  CHECK_THROWS_WITH_AS(
      (GAN<Arch, NonSaturatingLoss, GeneratorNoise>{{}, GeneratorNoise{.input_stddev = -2}}), doctest::Contains("-2"),
      Error);
}
