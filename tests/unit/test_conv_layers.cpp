// Conv2d: shapes carried through a Sequential, first and second order against central
// differences (double), the CPU backend against the reference backend, and a DCGAN-like
// discriminator on images in a GAN.
#include <doctest/doctest.h>

#include <gantk/gantk.hpp>
#include <gantk/layers/conv2d.hpp>
#include <gantk/layers/conv_transpose2d.hpp>
#include <gantk/layers/reshape.hpp>
#include <gantk/layers/batch_norm2d.hpp>

#include "backend_compare.hpp"
#include "gradcheck.hpp"

namespace conv_layers {

using namespace gantk;
using gantk::test::Bd;

template <int In, class... Specs>
using Net = typename Sequential<Specs...>::template bind<Bd, In>;

using gantk::test::check_all;

// the shapes Sequential carries: (H + 2P − K) / S + 1, through activations, flat after Dense
using Mnist = Sequential<Image<1, 28, 28>, Conv2d<64, 4, 2, 1>, LeakyReLU<>, Conv2d<128, 4, 2, 1>, LeakyReLU<>,
                         Dense<1>>;
using MnistD = Mnist::bind<CpuBackend<float>, 784>;
static_assert(MnistD::in_width == 784);
static_assert(std::tuple_element_t<0, typename MnistD::Layers>::out_width == 64 * 14 * 14);
static_assert(std::tuple_element_t<2, typename MnistD::Layers>::out_width == 128 * 7 * 7);
static_assert(std::is_same_v<std::tuple_element_t<2, typename MnistD::Layers>::out_shape, Image<128, 7, 7>>);
static_assert(MnistD::out_width == 1);
static_assert(MnistD::param_count == (64 * 16 + 64) + (128 * 64 * 16 + 128) + (128 * 49 + 1));

TEST_CASE("Conv2d: gradients and second-order passes, valid, strided and padded") {
  check_all<Net<16, Image<1, 4, 4>, Conv2d<2, 3>>>();           // valid: 2 × 2 × 2
  check_all<Net<50, Image<2, 5, 5>, Conv2d<3, 3, 2, 1>>>();     // stride 2, padding 1: 3 × 3 × 3
  check_all<Net<18, Image<2, 3, 3>, Conv2d<2, 1>>>();           // 1 × 1 kernels: a per-pixel Dense
  // a chain: the shape passes through the activation, the second convolution and then Dense
  check_all<Net<36, Image<1, 6, 6>, Conv2d<2, 4, 2, 1>, Tanh, Conv2d<3, 3, 1, 1>, LeakyReLU<>, Dense<2>>>();
}

TEST_CASE("Conv2d: the CPU backend (float) computes what the reference backend (double) computes") {
  test::compare_backends<50, Image<2, 5, 5>, Conv2d<3, 3, 2, 1>>();
  test::compare_backends<3, Dense<8>, Reshape<2, 2, 2>, ConvTranspose2d<2, 4, 2, 1>, Tanh, Conv2d<1, 3, 1, 1>>();
  test::compare_backends<16, Image<1, 4, 4>, Conv2d<3, 3, 1, 1>, BatchNorm2d, LeakyReLU<>>();
  test::compare_backends<36, Image<1, 6, 6>, Conv2d<2, 4, 2, 1>, Tanh, Conv2d<3, 3, 1, 1>, Dense<2>>();
}

TEST_CASE("Conv2d: a known convolution, by hand") {
  // one 3 × 3 image 1..9, one 2 × 2 kernel [[1, 0], [0, −1]] (row-major), bias 0.5, stride 1:
  // y(oy, ox) = x(oy, ox) − x(oy + 1, ox + 1) + 0.5 = −4 + 0.5 everywhere
  using L = Net<9, Image<1, 3, 3>, Conv2d<1, 2>>;
  const L net{};
  Eigen::VectorXd p(L::param_count);
  p << 1, 0, 0, -1, 0.5;  // W is 1 × (C·K·K), taps in (ky, kx) order
  Eigen::VectorXd s(0);
  Eigen::MatrixXd x(9, 1);
  x << 1, 2, 3, 4, 5, 6, 7, 8, 9;
  typename L::Tape tape;
  const auto y = net.forward(p.data(), s.data(), Bd::cview(x.data(), 9, 1), tape, Pass{});
  REQUIRE(y.rows() == 4);
  for (Index i = 0; i < 4; ++i) CHECK(y(i, 0) == doctest::Approx(-3.5));
}

TEST_CASE("ConvTranspose2d and Reshape: gradients and second-order passes") {
  check_all<Net<12, Image<3, 2, 2>, ConvTranspose2d<2, 3>>>();        // 2 × 4 × 4
  check_all<Net<27, Image<3, 3, 3>, ConvTranspose2d<2, 3, 2, 1>>>();  // 2 × 5 × 5
  check_all<Net<8, Image<2, 2, 2>, ConvTranspose2d<1, 4, 2, 1>>>();   // DCGAN's doubling: 1 × 4 × 4
  // a generator's shape: Dense, Reshape to an image, up-sample, then a convolution and Flatten
  check_all<Net<3, Dense<8>, Reshape<2, 2, 2>, ConvTranspose2d<2, 4, 2, 1>, Tanh, Conv2d<1, 3, 1, 1>, Flatten>>();
  check_all<Net<3, Dense<8>, Reshape<2, 2, 2>, Flatten, Dense<2>>>();
}

TEST_CASE("BatchNorm2d: per-channel statistics over the batch and the pixels, first and second order") {
  check_all<Net<18, Image<2, 3, 3>, BatchNorm2d>>(Mode::Train, 3);
  check_all<Net<18, Image<2, 3, 3>, BatchNorm2d>>(Mode::Eval, 3);
  check_all<Net<16, Image<1, 4, 4>, Conv2d<3, 3, 1, 1>, BatchNorm2d, LeakyReLU<>, Conv2d<2, 3, 2, 1>, Dense<1>>>();
  // in training mode each channel of the output has mean β = 0 and variance ≈ 1 over batch and pixels
  using N = Net<18, Image<2, 3, 3>, BatchNorm2d>;
  const N net{};
  Rng rng(8);
  Eigen::VectorXd p(N::param_count), st(N::state_count);
  net.init(p.data(), st.data(), rng);
  const Eigen::MatrixXd x = (test::random_matrix(18, 5, rng).array() * 3.0 + 2.0).matrix();
  typename N::Tape tape;
  const Eigen::MatrixXd y = test::to_md(net.forward(p.data(), st.data(), Bd::cview(x.data(), 18, 5), tape, Pass{}));
  for (int c = 0; c < 2; ++c) {
    const Eigen::MatrixXd channel = y.middleRows(9 * c, 9);
    const double mean = channel.mean();
    CHECK(mean == doctest::Approx(0).epsilon(1e-9).scale(1));
    CHECK((channel.array() - mean).square().mean() == doctest::Approx(1).epsilon(1e-3));
  }
}

TEST_CASE("ConvTranspose2d is the adjoint of Conv2d with the same sizes: <conv(x), y> = <x, convT(y)>") {
  using Conv = Net<50, Image<2, 5, 5>, Conv2d<3, 3, 2, 1>>;                // 2 × 5 × 5 → 3 × 3 × 3
  using Transposed = Net<27, Image<3, 3, 3>, ConvTranspose2d<2, 3, 2, 1>>;  // 3 × 3 × 3 → 2 × 5 × 5
  static_assert(Conv::out_width == 27 && Transposed::out_width == 50);
  Rng rng(4);
  Eigen::VectorXd pc = test::random_matrix(Conv::param_count, 1, rng), pt(Transposed::param_count);
  constexpr Index weights = 3 * 2 * 9;
  pc.tail(3).setZero();  // no bias: the adjoint identity is for the linear map
  // Conv2d<3> on 2 channels: W(oc, (c·3 + ky)·3 + kx), 3 × 18. ConvTranspose2d<2> on 3 channels:
  // W((oc'·3 + ky)·3 + kx, c'), 18 × 3. The adjoint pairs oc' = c and c' = oc: the transpose.
  const Eigen::Map<const Eigen::MatrixXd> wc(pc.data(), 3, 18);
  const Eigen::MatrixXd w = wc.transpose();
  pt.head(weights) = Eigen::Map<const Eigen::VectorXd>(w.data(), weights);
  pt.tail(2).setZero();
  const Eigen::MatrixXd x = test::random_matrix(50, 2, rng), y = test::random_matrix(27, 2, rng);
  Eigen::VectorXd none(0);
  typename Conv::Tape tc;
  typename Transposed::Tape tt;
  const Eigen::MatrixXd cx = test::to_md(Conv{}.forward(pc.data(), none.data(), Bd::cview(x.data(), 50, 2), tc, Pass{}));
  const Eigen::MatrixXd ty =
      test::to_md(Transposed{}.forward(pt.data(), none.data(), Bd::cview(y.data(), 27, 2), tt, Pass{}));
  CHECK(cx.cwiseProduct(y).sum() == doctest::Approx(x.cwiseProduct(ty).sum()).epsilon(1e-12));
}

TEST_CASE("a GAN on images: an MLP generator, a convolutional discriminator, a few steps") {
  using D = Sequential<Image<1, 8, 8>, Conv2d<4, 4, 2, 1>, LeakyReLU<>, Conv2d<8, 3, 2, 1>, LeakyReLU<>, Dense<1>>;
  using G = Sequential<Dense<32>, ReLU, Dense<64>, Tanh>;
  using ImageGan = GAN<Networks<Latent<8>, Data<64>, G, D>, NonSaturatingLoss, R1Penalty>;
  HostMatrix<float> images = HostMatrix<float>::Random(64, 200);
  const data::MatrixDataset<float> data(images);
  ImageGan gan({.seed = 2});
  const FitReport report = gan.fit(data, {.steps = 4, .batch = 16, .progress = Progress::Silent});
  CHECK(report.steps == 4);
  CHECK(std::isfinite(report.last.d_loss));
  CHECK(std::isfinite(report.last.d_penalty));
  CHECK(report.last.d_penalty > 0);  // R1 differentiates through the convolutions' second-order passes
}

}  // namespace conv_layers
