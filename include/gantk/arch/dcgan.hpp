// DCGAN<Latent<Z>, Image<C, H, W>>: the convolutional GAN of Radford, Metz & Chintala (2016,
// "Unsupervised Representation Learning with Deep Convolutional GANs"), in the small form used
// for 28 × 28 images (the `dcgan` workload of the project's benchmarks):
//   G: z → Dense(128·H/4·W/4), BatchNorm, ReLU → 128 × H/4 × W/4
//        → ConvTranspose2d(64, 4, 2, 1), BatchNorm2d, ReLU → ConvTranspose2d(C, 4, 2, 1), Tanh
//   D: image → Conv2d(64, 4, 2, 1), LeakyReLU(0.2) → Conv2d(128, 4, 2, 1), BatchNorm2d,
//        LeakyReLU(0.2) → Dense(1)
// The paper's recipe goes with it: Adam(2e-4, β₁ 0.5) for both networks (pass it in GAN::Config).
#pragma once

#include <gantk/arch/architecture.hpp>
#include <gantk/layers/activations.hpp>
#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/batch_norm2d.hpp>
#include <gantk/layers/conv2d.hpp>
#include <gantk/layers/conv_transpose2d.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/image.hpp>
#include <gantk/layers/reshape.hpp>
#include <gantk/nn/sequential.hpp>

namespace gantk {

namespace detail {
template <class ImageSpec>
struct DcganSize {
  static_assert(ImageSpec::height % 4 == 0 && ImageSpec::width % 4 == 0,
                "DCGAN<Latent<Z>, Image<C, H, W>>: H and W must be multiples of 4 (two stride-2 layers each way); "
                "DcganSize<Image<...>> in the instantiation gives the image");
  static constexpr int h = ImageSpec::height / 4, w = ImageSpec::width / 4;
};
}  // namespace detail

/// The generator of DCGAN<Latent<Z>, ImageSpec> (see the header's comment).
template <class ImageSpec>
using DcganGenerator =
    Sequential<Dense<128 * detail::DcganSize<ImageSpec>::h * detail::DcganSize<ImageSpec>::w>, BatchNorm<>, ReLU,
               Reshape<128, detail::DcganSize<ImageSpec>::h, detail::DcganSize<ImageSpec>::w>,
               ConvTranspose2d<64, 4, 2, 1>, BatchNorm2d, ReLU, ConvTranspose2d<ImageSpec::channels, 4, 2, 1>, Tanh>;

/// The discriminator of DCGAN<Latent<Z>, ImageSpec>.
template <class ImageSpec>
using DcganDiscriminator = Sequential<ImageSpec, Conv2d<64, 4, 2, 1>, LeakyReLU<1, 5>, Conv2d<128, 4, 2, 1>,
                                     BatchNorm2d, LeakyReLU<1, 5>, Dense<1>>;

/// A DCGAN architecture for GAN<...>: GAN<DCGAN<Latent<100>, Image<1, 28, 28>>, NonSaturatingLoss>.
template <class LatentSpec = Latent<100>, class ImageSpec = Image<1, 28, 28>>
using DCGAN = Networks<LatentSpec, Data<ImageSpec::features>, DcganGenerator<ImageSpec>, DcganDiscriminator<ImageSpec>>;

}  // namespace gantk
