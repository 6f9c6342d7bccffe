// Exact resume for every penalty, UnrolledD, and every strategy at once (one GAN type each).
#include "resume_check.hpp"

using namespace gantk;
using test::check_exact_resume;

namespace {
using Arch = MLP<Latent<2>, Data<2>, Hidden<16, 16>>;
}  // namespace

TEST_CASE("exact resume: GradientPenalty and DRAGAN (their interpolation streams)") {
  check_exact_resume<GAN<Arch, WassersteinLoss, GradientPenalty>>({.seed = 1});
  check_exact_resume<GAN<Arch, NonSaturatingLoss, DRAGANPenalty>>({.seed = 2});
}

TEST_CASE("exact resume: R1, R2, WeightClipping") {
  check_exact_resume<GAN<Arch, NonSaturatingLoss, R1Penalty, R2Penalty>>({.seed = 3});
  check_exact_resume<GAN<Arch, WassersteinLoss, WeightClipping>>({.seed = 4});
}

TEST_CASE("exact resume: UnrolledD, exact and first order") {
  check_exact_resume<GAN<Arch, NonSaturatingLoss, UnrolledD<2>>>({.seed = 5});
  check_exact_resume<GAN<Arch, NonSaturatingLoss, UnrolledD<2, Unroll::FirstOrder>>>({.seed = 6});
}

TEST_CASE("exact resume: every strategy at once, n_critic 2") {
  using Everything =
      GAN<Arch, NonSaturatingLoss, PacGAN<2>, MinibatchDiscWith<4, 2>, MinibatchStdDev, SpectralNorm,
          HiddenDropout<0.1, DropoutIn::Both>, ExperienceReplay, GeneratorNoise, InstanceNoise, LabelSmoothing,
          ModeSeeking, FeatureMatchingWith<-3, FeatureMatchingUse::AddToLoss>, WeightDecay, LearningRateDecay, R1Penalty>;
  check_exact_resume<Everything>({.seed = 7, .n_critic = 2}, ExperienceReplay{.capacity = 16},
                                 LearningRateDecay{.to_step = 20});
}
