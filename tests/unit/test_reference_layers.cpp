// Every layer and mixed networks on the reference backend: gradient checks in double precision,
// and the CPU backend (float, fused kernels) against the reference on the same inputs.
#include <doctest/doctest.h>

#include <gantk/layers/activations.hpp>
#include <gantk/layers/avg_pool.hpp>
#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/dropout.hpp>
#include <gantk/layers/maxout.hpp>
#include <gantk/layers/minibatch_disc_features.hpp>
#include <gantk/layers/minibatch_stddev_feature.hpp>
#include <gantk/layers/spectral_dense.hpp>
#include <gantk/layers/upsample.hpp>

#include "backend_compare.hpp"

using namespace gantk;
using test::compare_backends;
using test::Rb;

namespace {

template <int In, class... Specs>
using RNet = typename Sequential<Specs...>::template bind<Rb, In>;

template <class N>
void gradcheck(Mode mode = Mode::Train, Index batch = 5) {
  test::NetworkGradCheck<N> c;
  c.mode = mode;
  c.batch = batch;
  c.check_first_order();
  c.check_second_order();
}

using MbDisc = MinibatchDiscFeatures<4, 3, init::Normal<1, 2>>;

}  // namespace

static_assert(BackendOps<Rb> && BackendOps<test::Cf> && BackendOps<CpuBackend<double>>);
static_assert(LayerSpec<Dense<3>> && LayerSpec<ReLU> && LayerSpec<BatchNorm<>> && LayerSpec<Dropout<0.5>> &&
              LayerSpec<Maxout<2, 2>> && LayerSpec<SpectralDense<2>> && LayerSpec<MbDisc> &&
              LayerSpec<MinibatchStdDevFeature> && LayerSpec<AvgPool<2>> &&
              LayerSpec<Upsample<2, UpsampleMode::Bilinear>>);

TEST_CASE("reference backend: Dense and the activations, gradients and second order") {
  gradcheck<RNet<3, Dense<4>>>();
  gradcheck<RNet<4, ReLU>>();
  gradcheck<RNet<4, LeakyReLU<>>>();
  gradcheck<RNet<4, Tanh>>();
  gradcheck<RNet<4, Sigmoid>>();
  gradcheck<RNet<4, Identity>>();
}
TEST_CASE("reference backend: BatchNorm, Dropout, Maxout, SpectralDense") {
  gradcheck<RNet<3, BatchNorm<>>>(Mode::Train, 6);
  gradcheck<RNet<3, BatchNorm<3>>>(Mode::Eval, 6);
  gradcheck<RNet<4, Dropout<0.5>>>(Mode::Train);
  gradcheck<RNet<4, Dropout<0.3>>>(Mode::Eval);
  gradcheck<RNet<3, Maxout<4, 3>>>();
  gradcheck<RNet<3, SpectralDense<4>>>(Mode::Eval);
}
TEST_CASE("reference backend: the minibatch layers") {
  gradcheck<RNet<3, MinibatchStdDevFeature>>(Mode::Train, 6);
  gradcheck<RNet<1, MinibatchStdDevFeature>>(Mode::Eval, 3);
  gradcheck<RNet<3, MbDisc>>(Mode::Train, 6);
  gradcheck<RNet<2, MinibatchDiscFeatures<1, 1, init::Normal<1, 1>>>>(Mode::Eval, 4);
}
TEST_CASE("reference backend: AvgPool and Upsample (nearest, bilinear)") {
  gradcheck<RNet<48, Image<2, 4, 6>, AvgPool<2>>>();
  gradcheck<RNet<48, Image<2, 4, 6>, Upsample<2>>>();
  gradcheck<RNet<48, Image<2, 4, 6>, Upsample<2, UpsampleMode::Bilinear>>>();
  gradcheck<RNet<12, Image<2, 3, 2>, Upsample<3, UpsampleMode::Bilinear>, Tanh, AvgPool<3>>>();
}
TEST_CASE("reference backend: mixed networks (fused Dense+activation paths included)") {
  gradcheck<RNet<3, Dense<5>, Tanh, Dense<4>, Sigmoid, Dense<1>>>();
  gradcheck<RNet<2, Dense<6>, BatchNorm<>, Tanh, Dense<5>, LeakyReLU<>, Dense<1>>>(Mode::Train, 7);
  gradcheck<RNet<4, Maxout<5, 2>, Dense<3>, BatchNorm<>, Sigmoid, Dense<2>>>(Mode::Train, 6);
  gradcheck<RNet<2, Dense<5>, Tanh, Dropout<0.4>, MinibatchDiscFeatures<3, 2, init::Normal<1, 2>>,
                 MinibatchStdDevFeature, Dense<1>>>(Mode::Train, 6);
  gradcheck<RNet<2, SpectralDense<5>, Tanh, SpectralDense<4>, MinibatchStdDevFeature, SpectralDense<1>>>(Mode::Eval, 5);
}

TEST_CASE("CPU backend (float) against the reference backend: each layer") {
  compare_backends<3, Dense<4>>();
  compare_backends<4, ReLU>();
  compare_backends<4, LeakyReLU<>>();
  compare_backends<4, Tanh>();
  compare_backends<4, Sigmoid>();
  compare_backends<4, Identity>();
  compare_backends<3, BatchNorm<>>(Mode::Train);
  compare_backends<3, BatchNorm<>>(Mode::Eval);
  compare_backends<4, Dropout<0.5>>(Mode::Train);
  compare_backends<4, Dropout<0.5>>(Mode::Eval);
  compare_backends<3, Maxout<4, 3>>();
  compare_backends<3, SpectralDense<4>>(Mode::Train);
  compare_backends<3, SpectralDense<4>>(Mode::Eval);
  compare_backends<3, MinibatchStdDevFeature>(Mode::Train);
  compare_backends<3, MbDisc>(Mode::Train);
  compare_backends<48, Image<2, 4, 6>, AvgPool<2>>();
  compare_backends<48, Image<2, 4, 6>, Upsample<2>>();
  compare_backends<48, Image<2, 4, 6>, Upsample<2, UpsampleMode::Bilinear>>();
}

TEST_CASE("CPU backend (float) against the reference backend: networks on realistic widths") {
  // widths past the SIMD tiles, so that the CPU's fused GEMM epilogues and vector paths all run
  compare_backends<2, Dense<64>, ReLU, Dense<48>, LeakyReLU<>, Dense<1>>(Mode::Train, 70);
  compare_backends<5, Dense<33>, Tanh, BatchNorm<>, Dense<17>, Sigmoid, Dense<3>>(Mode::Train, 40);
  compare_backends<4, Maxout<20, 3>, Dropout<0.3>, SpectralDense<12>, MinibatchStdDevFeature, Dense<1>>(Mode::Train, 32);
  compare_backends<3, ReLU, Dense<24>, Identity, Dense<2>>(Mode::Eval, 50);
  compare_backends<4, Dense<16>, LeakyReLU<>, MinibatchDiscFeatures<8, 4>, Dense<1>>(Mode::Train, 24);
}
