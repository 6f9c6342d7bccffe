// Whole GANs on the reference backend: every loss, penalty and strategy trains through the GAN on
// plain loops over non-Eigen storage (double), and the CPU backend in double must take the same
// steps. Both run the same random streams, so the only differences are summation orders: after a
// few steps the parameters agree to ~1e-12. A strategy that reached past the backend (an Eigen
// expression, host element access) would not compile here; one that computed something else on
// one backend would fail the comparison.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include <gantk/backend/reference.hpp>
#include <gantk/gantk.hpp>

#include "gan_backends_agree.hpp"

namespace reference_gan {

using namespace gantk;

using test::compare;
using test::kSmoothAdam;
using test::relative_gap;
using test::values;

using Ring = MLP<>;
using RingCoded = MLP<Latent<7>, Data<2>, Hidden<32, 32>>;  // InfoGan<4, 1>: 5 code entries, 2 of noise

/// A ring-width dataset whose samples are NaN.
struct NanData {
  int width() const { return 2; }
  template <class T>
  void sample(HostView<T> out, Rng&) const {
    out.setConstant(std::numeric_limits<T>::quiet_NaN());
  }
};

TEST_CASE("reference backend: every loss trains a whole GAN as the CPU backend does") {
  compare<Ring, NonSaturatingLoss>("NonSaturatingLoss", 3, 16, kSmoothAdam);
  compare<Ring, MinimaxLoss>("MinimaxLoss", 3, 16, kSmoothAdam);
  compare<Ring, LeastSquaresLoss>("LeastSquaresLoss", 3, 16, kSmoothAdam);
  compare<Ring, HingeLoss>("HingeLoss", 3, 16, kSmoothAdam);
  compare<Ring, RelativisticLoss>("RelativisticLoss", 3, 16, kSmoothAdam);
  compare<Ring, WassersteinLoss, WeightClipping>("WassersteinLoss + WeightClipping (RMSProp)", 2, 16,
                                                 RMSProp{.lr = 5e-4, .eps = 1e-4});
  compare<Ring, NonSaturatingLoss>("NonSaturatingLoss, SGD with momentum", 3, 16,
                                   SGD{.lr = 0.05, .momentum = 0.9, .nesterov = true});
}

TEST_CASE("reference backend: every penalty on D's input gradient, exactly as on the CPU") {
  compare<Ring, WassersteinLoss, GradientPenalty>("GradientPenalty", 2, 16, kSmoothAdam);
  compare<Ring, WassersteinLoss, GradientPenalty>("GradientPenalty one-sided", 2, 16, kSmoothAdam,
                                                  GradientPenalty{.lambda = 5, .one_sided = true});
  compare<Ring, NonSaturatingLoss, R1Penalty>("R1Penalty", 2, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, R2Penalty>("R2Penalty", 2, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, DRAGANPenalty>("DRAGANPenalty", 2, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, WeightDecay>("WeightDecay", 3, 16, kSmoothAdam,
                                                WeightDecay{.discriminator = 1e-2, .generator = 1e-3});
}

TEST_CASE("reference backend: strategies that change D's inputs or networks") {
  compare<Ring, NonSaturatingLoss, PacGAN<2>>("PacGAN<2>", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, MinibatchDisc>("MinibatchDisc", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, MinibatchStdDev>("MinibatchStdDev", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, SpectralNorm>("SpectralNorm", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, HiddenDropout<0.3>>("HiddenDropout", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, LabelSmoothing>("LabelSmoothing", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, InstanceNoise>("InstanceNoise", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, GeneratorNoise>("GeneratorNoise (input and output)", 3, 16, kSmoothAdam,
                                                   GeneratorNoise{.input_stddev = 0.2, .output_stddev = 0.05});
  // a capacity below two batches: replayed fakes are mixed in from the second step, and slots
  // are overwritten at random from the third
  compare<Ring, NonSaturatingLoss, ExperienceReplay, InstanceNoise>(
      "ExperienceReplay + InstanceNoise", 4, 16, kSmoothAdam, ExperienceReplay{.capacity = 24, .ratio = 0.5});
  compare<Ring, NonSaturatingLoss, LearningRateDecay>("LearningRateDecay", 3, 16, kSmoothAdam);
  // the class codes enter G and D through the pass (AppendCondition), the ring's labels through the data
  compare<Ring, NonSaturatingLoss, Conditional<8>>("Conditional<8>", 3, 16, kSmoothAdam);
  compare<Ring, WassersteinLoss, Conditional<8>, GradientPenalty>("Conditional<8> + GradientPenalty", 2, 16,
                                                                  kSmoothAdam);
  compare<Ring, WassersteinLoss, Conditional<8, Conditioning::Projection>, GradientPenalty>(
      "Conditional<8, Projection> + GradientPenalty", 2, 16, kSmoothAdam);
  // class packs: one code per pack for D's passes (the GAN's and the penalty's), per sample for G's
  compare<Ring, WassersteinLoss, Conditional<8>, ClassPacking<2>, GradientPenalty>(
      "Conditional<8> + ClassPacking<2> + GradientPenalty", 2, 16, kSmoothAdam);
  // AC-GAN: D's head widened by the class rows (AuxiliaryOutputs), the class terms' passes back into
  // D's parameters and G's fakes, the labels through the step
  compare<Ring, NonSaturatingLoss, AuxiliaryClassifier<8>>("AuxiliaryClassifier<8>", 3, 16, kSmoothAdam);
  compare<Ring, WassersteinLoss, AuxiliaryClassifier<8>, GradientPenalty>("AuxiliaryClassifier<8> + GradientPenalty",
                                                                          2, 16, kSmoothAdam);
  // InfoGAN: the codes written into z (on_batch), the Q head's terms into D and G
  compare<RingCoded, NonSaturatingLoss, InfoGan<4, 1>>("InfoGan<4, 1>", 3, 16, kSmoothAdam);
  // multiple generators: the generator codes through the pass (GeneratorBlocks, add_rows_scaled), D's
  // identification head, MGAN's term into G's fakes
  compare<Ring, NonSaturatingLoss, MultiGenerator<4>>("MultiGenerator<4>", 3, 16, kSmoothAdam);
  compare<Ring, WassersteinLoss, MultiGenerator<4>, GradientPenalty>("MultiGenerator<4> + GradientPenalty", 2, 16,
                                                                     kSmoothAdam);
  compare<Ring, NonSaturatingLoss, MultiGenerator<3, GeneratorObjective::Mgan>>("MultiGenerator<3, Mgan>", 3, 15,
                                                                                kSmoothAdam);
  compare<Ring, NonSaturatingLoss, ClassGenerators<8>>("ClassGenerators<8>", 3, 16, kSmoothAdam);
  // discriminator heads: the other heads' D losses on the GAN's passes, GMAN's soft-mean as G's objective
  compare<Ring, NonSaturatingLoss, MultiHeadD<3>>("MultiHeadD<3>", 3, 16, kSmoothAdam);
  compare<Ring, LeastSquaresLoss, MultiHeadD<2>, PacGAN<2>>("MultiHeadD<2> + PacGAN<2>", 3, 16, kSmoothAdam,
                                                            MultiHeadD<2>{.lambda = 1.5});
}

TEST_CASE("reference backend: strategies that change G's objective") {
  compare<Ring, NonSaturatingLoss, ModeSeeking>("ModeSeeking", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, FeatureMatching>("FeatureMatching", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, FeatureMatchingWith<-2, FeatureMatchingUse::AddToLoss>>(
      "FeatureMatching added to the loss", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, UnrolledD<2>>("UnrolledD<2> (frozen moments)", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, UnrolledD<2, Unroll::ExactAdam>>("UnrolledD<2, ExactAdam>", 3, 16, kSmoothAdam);
  compare<Ring, NonSaturatingLoss, UnrolledD<2, Unroll::FirstOrder>>("UnrolledD<2, FirstOrder>", 3, 16,
                                                                      RMSProp{.lr = 1e-3, .eps = 1e-4});
  // the design card's type (MLP's defaults spelled out: compare takes the architecture as a type)
  compare<MLP<>, WassersteinLoss, MinibatchDisc, UnrolledD<5>>("the design card's GAN", 2, 16, kSmoothAdam);
}

TEST_CASE("reference backend: a checkpoint resumes training bit for bit") {
  // the replay buffer, the noise streams and D's optimizer moments are backend tensors or
  // strategy state: all must travel through the checkpoint
  using Gan = GAN<Ring, NonSaturatingLoss, ExperienceReplay, InstanceNoise, Precision<double>, Backend<Reference>>;
  const auto data = data::Ring{}.dataset();
  const ExperienceReplay replay{.capacity = 24, .ratio = 0.5};
  const auto path = (std::filesystem::temp_directory_path() /
                     ("gantk_reference_resume_" + std::to_string(::getpid()) + ".ckpt"))
                        .string();
  Gan whole({.seed = 5}, replay), first({.seed = 5}, replay), resumed({.seed = 99}, replay);
  for (int s = 0; s < 3; ++s) whole.train_step(data, 16), first.train_step(data, 16);
  first.save_checkpoint(path);
  resumed.load_checkpoint(path);
  std::filesystem::remove(path);
  REQUIRE(resumed.steps() == 3);
  for (int s = 0; s < 3; ++s) {
    const StepInfo a = whole.train_step(data, 16), b = resumed.train_step(data, 16);
    CHECK(a.d_loss == b.d_loss);
    CHECK(a.g_loss == b.g_loss);
  }
  CHECK(values(resumed.discriminator().params) == values(whole.discriminator().params));
  CHECK(values(resumed.generator().params) == values(whole.generator().params));
  CHECK(resumed.strategy<ExperienceReplay>().stored() == whole.strategy<ExperienceReplay>().stored());
}

TEST_CASE("reference backend: it declares device memory, so the GAN's upload path runs") {
  static_assert(!ReferenceBackend<double>::host_memory && CpuBackend<double>::host_memory);
  // a dataset that produces NaN is caught after the upload, as on the CPU
  GAN<MLP<>, NonSaturatingLoss, Precision<double>, Backend<Reference>> gan({.seed = 1});
  CHECK_THROWS_WITH_AS(gan.train_step(NanData{}, 8), doctest::Contains("contains NaN or Inf"), gantk::Error);
  CHECK(gan.steps() == 0);
}

}  // namespace reference_gan
