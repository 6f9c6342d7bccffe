// Exact resume for the plain GAN, every optimizer, and each strategy that changes the networks
// or keeps state between steps (one GAN type each).
#include "resume_check.hpp"

using namespace gantk;
using test::check_exact_resume;

namespace {
using Arch = MLP<Latent<2>, Data<2>, Hidden<16, 16>>;
template <class... S>
using Gan = GAN<Arch, NonSaturatingLoss, S...>;
}  // namespace

TEST_CASE("exact resume: the plain GAN, with Adam, SGD with momentum, RMSProp, n_critic 2") {
  check_exact_resume<Gan<>>({.seed = 1});
  check_exact_resume<Gan<>>({.seed = 2, .g_optimizer = SGD{.lr = 0.01, .momentum = 0.9},
                             .d_optimizer = SGD{.lr = 0.01, .momentum = 0.5, .nesterov = true}});
  check_exact_resume<Gan<>>({.seed = 3, .g_optimizer = RMSProp{}, .d_optimizer = RMSProp{}, .n_critic = 2});
}

TEST_CASE("exact resume: BatchNorm's running statistics in both networks") {
  using G = Sequential<Dense<16>, BatchNorm<>, ReLU, Dense<2>>;
  using D = Sequential<Dense<16>, BatchNorm<>, LeakyReLU<>, Dense<1>>;
  check_exact_resume<GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss>>({.seed = 4});
}

TEST_CASE("exact resume: ExperienceReplay (buffer, fill, slot stream)") {
  check_exact_resume<Gan<ExperienceReplay>>({.seed = 5}, ExperienceReplay{.capacity = 16});
}

TEST_CASE("exact resume: LearningRateDecay (base rates taken at the first step)") {
  check_exact_resume<Gan<LearningRateDecay>>({.seed = 6, .g_optimizer = Adam{.lr = 1e-3}},
                                             LearningRateDecay{.from_step = 2, .to_step = 20});
}

TEST_CASE("exact resume: InstanceNoise and GeneratorNoise (their random streams)") {
  check_exact_resume<Gan<InstanceNoise>>({.seed = 7});
  check_exact_resume<Gan<GeneratorNoise>>({.seed = 8}, GeneratorNoise{.input_stddev = 0.1});
}

TEST_CASE("exact resume: HiddenDropout in both networks (the train-pass stream)") {
  check_exact_resume<Gan<HiddenDropout<0.3, DropoutIn::Both>>>({.seed = 9});
}

TEST_CASE("exact resume: SpectralNorm (power-iteration vectors in D's state)") {
  check_exact_resume<Gan<SpectralNorm>>({.seed = 10});
}

TEST_CASE("exact resume: PacGAN, MinibatchDisc, MinibatchStdDev, LabelSmoothing, ModeSeeking, WeightDecay") {
  check_exact_resume<Gan<PacGAN<2>, MinibatchDiscWith<4, 2>, MinibatchStdDev, LabelSmoothing, ModeSeeking, WeightDecay>>(
      {.seed = 11});
}

TEST_CASE("exact resume: FeatureMatching") {
  check_exact_resume<Gan<FeatureMatching>>({.seed = 12});
}
