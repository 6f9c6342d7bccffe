// Every loss, penalty and strategy composes with convolutional networks: a small image GAN (Conv2d,
// BatchNorm2d and ConvTranspose2d, the DCGAN layout in miniature) trains with each on the CPU
// backend exactly as on the reference backend, so packing along channels, the pair kernels on conv
// features, feature matching, the input-gradient penalties and unrolling (second order through
// the convolutions and BatchNorm2d) all run the same arithmetic on both.
#include <doctest/doctest.h>

#include <gantk/backend/reference.hpp>
#include <gantk/gantk.hpp>

#include "gan_backends_agree.hpp"

namespace image_strategies {

using namespace gantk;
using test::compare_on;
using test::kSmoothAdam;

// G: z → 2 × 3 × 3 → 1 × 6 × 6; D: 1 × 6 × 6 → 3 × 3 × 3 (BatchNorm2d, LeakyReLU) → 1
using TinyG = Sequential<Dense<18>, ReLU, Reshape<2, 3, 3>, ConvTranspose2d<1, 4, 2, 1>, Tanh>;
using TinyD = Sequential<Image<1, 6, 6>, Conv2d<3, 3, 2, 1>, BatchNorm2d, LeakyReLU<1, 5>, Dense<1>>;
using TinyConvGan = Networks<Latent<4>, Data<36>, TinyG, TinyD>;

data::MatrixDataset<double> tiny_images() {
  HostMatrix<double> images(36, 64);
  Rng rng(5);
  rng.fill_uniform(images.data(), images.size(), -1.0, 1.0);
  return data::MatrixDataset<double>(std::move(images));
}

TEST_CASE("image GANs: PacGAN packs images along channels (D reads Image<m·C, H, W>)") {
  using Packed = GAN<TinyConvGan, NonSaturatingLoss, PacGAN<2>>;
  static_assert(Packed::DNet::in_width == 72);
  static_assert(std::is_same_v<PacGAN<3>::discriminator_spec<TinyD>,
                               Sequential<Image<3, 6, 6>, Conv2d<3, 3, 2, 1>, BatchNorm2d, LeakyReLU<1, 5>, Dense<1>>>);
  compare_on<TinyConvGan, NonSaturatingLoss, PacGAN<2>>(tiny_images(), "PacGAN<2> on images", 3, 16, kSmoothAdam);
}

TEST_CASE("image GANs: every loss and penalty, through the convolutions' second-order passes") {
  const auto data = tiny_images();
  compare_on<TinyConvGan, NonSaturatingLoss>(data, "plain", 3, 16, kSmoothAdam);
  compare_on<TinyConvGan, HingeLoss>(data, "HingeLoss", 3, 16, kSmoothAdam);
  compare_on<TinyConvGan, WassersteinLoss, GradientPenalty>(data, "WGAN-GP", 2, 16, kSmoothAdam);
  compare_on<TinyConvGan, NonSaturatingLoss, R1Penalty>(data, "R1", 2, 16, kSmoothAdam);
  compare_on<TinyConvGan, NonSaturatingLoss, DRAGANPenalty>(data, "DRAGAN", 2, 16, kSmoothAdam);
  compare_on<TinyConvGan, WassersteinLoss, WeightClipping>(data, "WeightClipping", 2, 16, RMSProp{.lr = 5e-4, .eps = 1e-4});
}

TEST_CASE("image GANs: every strategy on conv features") {
  const auto data = tiny_images();
  compare_on<TinyConvGan, NonSaturatingLoss, MinibatchDisc>(data, "MinibatchDisc", 3, 16, kSmoothAdam);
  compare_on<TinyConvGan, NonSaturatingLoss, MinibatchStdDev>(data, "MinibatchStdDev", 3, 16, kSmoothAdam);
  compare_on<TinyConvGan, NonSaturatingLoss, FeatureMatching>(data, "FeatureMatching", 3, 16, kSmoothAdam);
  compare_on<TinyConvGan, NonSaturatingLoss, ModeSeeking>(data, "ModeSeeking", 3, 16, kSmoothAdam);
  compare_on<TinyConvGan, NonSaturatingLoss, LabelSmoothing, InstanceNoise>(data, "LabelSmoothing + InstanceNoise", 3,
                                                                            16, kSmoothAdam);
  compare_on<TinyConvGan, NonSaturatingLoss, ExperienceReplay>(data, "ExperienceReplay", 4, 16, kSmoothAdam,
                                                               ExperienceReplay{.capacity = 24, .ratio = 0.5});
  compare_on<TinyConvGan, NonSaturatingLoss, HiddenDropout<0.3>>(data, "HiddenDropout", 3, 16, kSmoothAdam);
  compare_on<TinyConvGan, NonSaturatingLoss, UnrolledD<2>>(data, "UnrolledD<2>", 2, 16, kSmoothAdam);
  compare_on<TinyConvGan, NonSaturatingLoss, UnrolledD<2, Unroll::ExactAdam>>(data, "UnrolledD<2, ExactAdam>", 2, 16,
                                                                             kSmoothAdam);
  compare_on<TinyConvGan, WassersteinLoss, MinibatchDisc, UnrolledD<2>>(data, "the design card's remedies on images", 2,
                                                                       16, kSmoothAdam);
}

}  // namespace image_strategies
