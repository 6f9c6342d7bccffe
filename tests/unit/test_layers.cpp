// Every layer, alone and in mixed networks: first and second order against central differences.
#include <doctest/doctest.h>

#include <gantk/layers/activations.hpp>
#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/dropout.hpp>
#include <gantk/layers/maxout.hpp>
#include <gantk/layers/minibatch_disc_features.hpp>
#include <gantk/layers/minibatch_stddev_feature.hpp>
#include <gantk/layers/spectral_dense.hpp>
#include <gantk/nn/sequential.hpp>

#include "gradcheck.hpp"

using namespace gantk;
using gantk::test::Bd;
using gantk::test::NetworkGradCheck;

template <int In, class... Specs>
using Net = typename Sequential<Specs...>::template bind<Bd, In>;

using gantk::test::check_all;

TEST_CASE("Dense: gradients and second-order passes") { check_all<Net<3, Dense<4>>>(); }
TEST_CASE("ReLU") { check_all<Net<4, ReLU>>(); }
TEST_CASE("LeakyReLU") { check_all<Net<4, LeakyReLU<>>>(); check_all<Net<4, LeakyReLU<1, 100>>>(); }
TEST_CASE("Tanh") { check_all<Net<4, Tanh>>(); }
TEST_CASE("Sigmoid") { check_all<Net<4, Sigmoid>>(); }
TEST_CASE("Identity") { check_all<Net<4, Identity>>(); }
TEST_CASE("BatchNorm, train mode") { check_all<Net<3, BatchNorm<>>>(Mode::Train, 6); }
TEST_CASE("BatchNorm, eval mode") { check_all<Net<3, BatchNorm<3>>>(Mode::Eval, 6); }
TEST_CASE("Maxout") { check_all<Net<3, Maxout<4, 3>>>(); }
TEST_CASE("MinibatchDiscFeatures") {
  check_all<Net<3, MinibatchDiscFeatures<4, 3, init::Normal<1, 2>>>>(Mode::Train, 6);
  check_all<Net<2, MinibatchDiscFeatures<1, 1, init::Normal<1, 1>>>>(Mode::Eval, 4);
}
TEST_CASE("MinibatchStdDevFeature") {
  check_all<Net<3, MinibatchStdDevFeature>>(Mode::Train, 6);
  check_all<Net<1, MinibatchStdDevFeature>>(Mode::Eval, 3);
}
TEST_CASE("Dropout: train mode (fixed mask) and eval mode") {
  check_all<Net<4, Dropout<0.5>>>(Mode::Train);
  check_all<Net<4, Dropout<0.3>>>(Mode::Eval);
}
// u and v are constants of the derivatives (Miyato et al.), which they truly are in Eval mode;
// tests/unit/test_strategy_spectral_norm.cpp checks that Train mode is the same map after one
// power-iteration step.
TEST_CASE("SpectralDense, eval mode") { check_all<Net<3, SpectralDense<4>>>(Mode::Eval); }

TEST_CASE("mixed networks") {
  check_all<Net<3, Dense<5>, Tanh, Dense<4>, Sigmoid, Dense<1>>>();
  check_all<Net<2, Dense<6>, BatchNorm<>, Tanh, Dense<5>, LeakyReLU<>, Dense<1>>>(Mode::Train, 7);
  check_all<Net<4, Maxout<5, 2>, Dense<3>, BatchNorm<>, Sigmoid, Dense<2>>>(Mode::Train, 6);
  check_all<Net<3, Dense<5>, ReLU, Dense<5>, ReLU, Dense<1>>>();
  check_all<Net<2, Dense<5>, Tanh, Dropout<0.4>, MinibatchDiscFeatures<3, 2, init::Normal<1, 2>>, MinibatchStdDevFeature,
                Dense<1>>>(Mode::Train, 6);
  check_all<Net<2, SpectralDense<5>, Tanh, SpectralDense<4>, MinibatchStdDevFeature, SpectralDense<1>>>(Mode::Eval, 5);
}

TEST_CASE("Sequential binds widths at compile time") {
  using N = Net<2, Dense<7>, ReLU, Maxout<3, 2>, BatchNorm<3>, Dense<1>>;
  static_assert(N::in_width == 2 && N::out_width == 1);
  static_assert(N::depth == 5);
  static_assert(N::param_count == (2 * 7 + 7) + (7 * 6 + 6) + 6 + (3 + 1));
  static_assert(N::state_count == 6);
  using Declared = typename Sequential<In<2>, Dense<3>>::template bind<Bd, 2>;
  static_assert(Declared::out_width == 3);
  CHECK(N::param_offsets[3] == (2 * 7 + 7) + (7 * 6 + 6));
}
