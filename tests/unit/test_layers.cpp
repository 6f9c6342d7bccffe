// Every layer, alone and in mixed networks: first and second order against central differences.
#include <doctest/doctest.h>

#include <gantk/layers/activations.hpp>
#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/dropout.hpp>
#include <gantk/layers/grouped_dense.hpp>
#include <gantk/layers/maxout.hpp>
#include <gantk/layers/minibatch_disc_features.hpp>
#include <gantk/layers/minibatch_stddev_feature.hpp>
#include <gantk/layers/spectral_dense.hpp>
#include <gantk/nn/sequential.hpp>

#include "gradcheck.hpp"

using namespace gantk;
using gantk::test::Bd;
using gantk::test::Md;
using gantk::test::NetworkGradCheck;

template <int In, class... Specs>
using Net = typename Sequential<Specs...>::template bind<Bd, In>;

using gantk::test::check_all;

TEST_CASE("Dense: gradients and second-order passes") { check_all<Net<3, Dense<4>>>(); }
TEST_CASE("GroupedDense: gradients and second-order passes") {
  check_all<Net<6, GroupedDense<3, 2>>>();
  check_all<Net<4, GroupedDense<2, 3, init::PerCopy<init::XavierNormal, 2>>>>();
}
TEST_CASE("GroupedDense: block g of the output reads only block g of the input and its own weights") {
  using L = Net<4, GroupedDense<2, 3>>;
  L net;
  Rng rng(3);
  Md p(L::param_count, 1), state(1, 1);
  net.init(p.data(), state.data(), rng);
  Md x = test::random_matrix(4, 5, rng);
  const auto run = [&](const Md& params, const Md& input) {
    typename L::Tape tape;
    net.forward(params.data(), state.data(), Bd::cview(input), tape, Pass{});
    return Md(tape.out[0]);
  };
  const Md y = run(p, x);
  Md x2 = x;
  x2.row(3).array() += 1;  // block 1 of the input
  Md p2 = p;
  p2(0) += 1;  // group 0's first weight
  CHECK((run(p, x2).topRows(3) - y.topRows(3)).norm() == 0);
  CHECK((run(p, x2).bottomRows(3) - y.bottomRows(3)).norm() > 0);
  CHECK((run(p2, x).bottomRows(3) - y.bottomRows(3)).norm() == 0);
  // group 1 is Dense<3> on rows 2..3 with its own block and biases
  using D = Net<2, Dense<3>>;
  Md q(D::param_count, 1);
  for (Index i = 0; i < 6; ++i) q(i) = p(6 + i);
  for (Index i = 0; i < 3; ++i) q(6 + i) = p(12 + 3 + i);
  typename D::Tape tape;
  D{}.forward(q.data(), state.data(), Bd::cview(Md(x.bottomRows(2))), tape, Pass{});
  CHECK((Md(tape.out[0]) - y.bottomRows(3)).norm() < 1e-14);
  // a group whose output gradient is zero is skipped: its dx rows are zero, its parameters get nothing
  typename L::Tape t2;
  net.forward(p.data(), state.data(), Bd::cview(x), t2, Pass{});
  Md dy = test::random_matrix(6, 5, rng);
  dy.topRows(3).setZero();
  Md dx(4, 5), dp = Md::Zero(L::param_count, 1);
  dx.setConstant(7);
  net.backward(p.data(), t2, Bd::cview(dy), dp.data(), Bd::view(dx));
  CHECK(dx.topRows(2).norm() == 0);
  CHECK(dx.bottomRows(2).norm() > 0);
  CHECK(dp.topRows(6).norm() == 0);                       // group 0's weights
  CHECK(dp.middleRows(12, 3).norm() == 0);                // group 0's biases
  CHECK(dp.middleRows(6, 6).norm() > 0);
  // group 1's dx is Dense<3>'s on its own block
  Md dx1(2, 5);
  typename D::Tape t3;
  D{}.forward(q.data(), state.data(), Bd::cview(Md(x.bottomRows(2))), t3, Pass{});
  D{}.backward(q.data(), t3, Bd::cview(Md(dy.bottomRows(3))), nullptr, Bd::view(dx1));
  CHECK((dx.bottomRows(2) - dx1).norm() < 1e-14);
}
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
  check_all<Net<2, Dense<6>, Tanh, GroupedDense<3, 3>, LeakyReLU<>, GroupedDense<3, 1>>>();
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
