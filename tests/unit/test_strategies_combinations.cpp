// Strategies compose: everything at once trains, in float and in double, and the recipes build.
#include <doctest/doctest.h>

#include <gantk/gantk.hpp>
#include <gantk/recipes.hpp>

using namespace gantk;

namespace {
using Arch = MLP<Latent<3>, Data<2>, Hidden<16, 16>>;
// every strategy of this area in one GAN (FeatureMatching adding to the loss)
template <class... Settings>
using Everything =
    GAN<Arch, NonSaturatingLoss, Settings..., PacGAN<2>, MinibatchDiscWith<4, 2>, MinibatchStdDev, SpectralNorm,
        HiddenDropout<0.1, DropoutIn::Both>, ExperienceReplay, GeneratorNoise, InstanceNoise, LabelSmoothing, ModeSeeking,
        FeatureMatchingWith<-3, FeatureMatchingUse::AddToLoss>, WeightDecay, LearningRateDecay>;
}  // namespace

TEST_CASE("every strategy at once: trains, reports each penalty, stays finite") {
  Everything<> gan{{.seed = 1, .n_critic = 2}, ExperienceReplay{.capacity = 64}, LearningRateDecay{.to_step = 20}};
  const auto grid = data::Grid{}.dataset();
  StepInfo info;
  for (int s = 0; s < 25; ++s) info = gan.train_step(grid, 16);
  CHECK(std::isfinite(info.d_loss));
  CHECK(std::isfinite(info.g_loss));
  CHECK(info.d_penalty > 0);  // weight decay
  CHECK(info.g_penalty > 0);  // mode seeking, feature matching
  CHECK(gan.strategy<ExperienceReplay>().stored() == 64);
  CHECK(gan.g_optimizer().learning_rate() == doctest::Approx(1e-4 * 0.01));  // decayed to the end
  CHECK(gan.sample(10).allFinite());
}

TEST_CASE("every strategy at once, in double precision, with FeatureMatching replacing the loss") {
  using Gan = GAN<Arch, NonSaturatingLoss, Precision<double>, PacGAN<2>, MinibatchDiscWith<3, 2>, SpectralNorm,
                  ExperienceReplay, InstanceNoise, LabelSmoothing, ModeSeeking, FeatureMatching, WeightDecay>;
  Gan gan{{.seed = 2}};
  const auto ring = data::Ring{}.dataset();
  for (int s = 0; s < 5; ++s) CHECK(std::isfinite(gan.train_step(ring, 8).g_loss));
}

TEST_CASE("LearningRateDecay: geometric between from_step and to_step, from the optimizers' rates") {
  const LearningRateDecay d{.from_step = 10, .to_step = 30, .final_factor = 0.01};
  CHECK(d.factor(0) == 1.0);
  CHECK(d.factor(10) == 1.0);
  CHECK(d.factor(20) == doctest::Approx(0.1));
  CHECK(d.factor(30) == doctest::Approx(0.01));
  CHECK(d.factor(99) == doctest::Approx(0.01));
  using Gan = GAN<Arch, NonSaturatingLoss, LearningRateDecay>;
  Gan gan{{.seed = 3, .g_optimizer = Adam{.lr = 2e-3}, .d_optimizer = SGD{.lr = 0.1}}, d};
  const auto ring = data::Ring{}.dataset();
  for (int s = 0; s < 21; ++s) gan.train_step(ring, 8);  // the last step ran as step 20
  CHECK(gan.g_optimizer().learning_rate() == doctest::Approx(2e-4));
  CHECK(gan.d_optimizer().learning_rate() == doctest::Approx(0.01));
  // a rate set on the optimizer after the GAN is built is the one that decays (the lab does this)
  Gan later{{.seed = 3}, d};
  later.g_optimizer().set_learning_rate(1e-3);
  for (int s = 0; s < 21; ++s) later.train_step(ring, 8);
  CHECK(later.g_optimizer().learning_rate() == doctest::Approx(1e-4));
  CHECK_THROWS_WITH_AS((Gan{{}, LearningRateDecay{.from_step = 5, .to_step = 5}}), doctest::Contains("to_step (5)"),
                       Error);
  CHECK_THROWS_WITH_AS((Gan{{}, LearningRateDecay{.final_factor = 0}}), doctest::Contains("final_factor"), Error);
}

TEST_CASE("recipes build, with their schedule, and train") {
  auto gan = recipes::RingPacGAN::make(1, 100);
  static_assert(decltype(gan)::pack == 2);
  CHECK(gan.strategy<LearningRateDecay>().from_step == 50);
  CHECK(gan.strategy<LearningRateDecay>().to_step == 100);
  CHECK(recipes::RingPacGAN::fit_options().steps == recipes::RingPacGAN::steps);
  auto grid = recipes::GridPacGANR1::make(1, 10);
  CHECK(grid.strategy<R1Penalty>().gamma == recipes::GridPacGANR1::r1_gamma);
  CHECK(grid.strategy<LearningRateDecay>().from_step == 5);
  CHECK(grid.strategy<LearningRateDecay>().final_factor == recipes::GridPacGANR1::decay_final);
  // a run shorter than two steps still gets a valid schedule (the decay needs to_step > from_step)
  auto tiny = recipes::RingPacGAN::make(1, 1);
  CHECK(tiny.strategy<LearningRateDecay>().to_step > tiny.strategy<LearningRateDecay>().from_step);
  const auto report = grid.fit(recipes::GridPacGANR1::data(), recipes::GridPacGANR1::fit_options(3, Progress::Silent));
  CHECK(report.steps == 3);
  CHECK(std::isfinite(report.last.g_loss));
}
