// AvgPool and Upsample (nearest, bilinear): shapes carried through a Sequential, known values by
// hand (bilinear as PyTorch's nn.Upsample(mode='bilinear', align_corners=False) gives them), first
// and second order against central differences (double), the CPU backend against the reference
// backend, and the two backend ops against the taps ResampleGeometry spells out.
#include <doctest/doctest.h>

#include <gantk/gantk.hpp>
#include <gantk/layers/avg_pool.hpp>
#include <gantk/layers/conv2d.hpp>
#include <gantk/layers/reshape.hpp>
#include <gantk/layers/upsample.hpp>

#include "backend_compare.hpp"
#include "gradcheck.hpp"

namespace pool_upsample_layers {

using namespace gantk;
using gantk::test::Bd;
using gantk::test::check_all;
using gantk::test::Md;

template <int In, class... Specs>
using Net = typename Sequential<Specs...>::template bind<Bd, In>;

using Bilinear2 = Upsample<2, UpsampleMode::Bilinear>;

static_assert(LayerSpec<AvgPool<2>> && LayerSpec<Upsample<2>> && LayerSpec<Bilinear2>);
static_assert(std::is_same_v<Upsample<3>, Upsample<3, UpsampleMode::Nearest>>);

// the shapes: H/K × W/K after pooling, F·H × F·W after up-sampling, through an activation
using Chain = Net<48, Image<2, 4, 6>, AvgPool<2>, Tanh, Upsample<3>, Bilinear2>;
static_assert(std::is_same_v<std::tuple_element_t<0, typename Chain::Layers>::out_shape, Image<2, 2, 3>>);
static_assert(std::is_same_v<std::tuple_element_t<2, typename Chain::Layers>::out_shape, Image<2, 6, 9>>);
static_assert(std::is_same_v<std::tuple_element_t<3, typename Chain::Layers>::out_shape, Image<2, 12, 18>>);
static_assert(Chain::in_width == 48 && Chain::out_width == 2 * 12 * 18 && Chain::param_count == 0);
static_assert(Chain::second_order);

// one forward pass of the bound network N on the columns of x
template <class N>
Md forward(const Md& x) {
  const N net{};
  Eigen::VectorXd none(0);
  typename N::Tape tape;
  return test::to_md(net.forward(none.data(), none.data(), Bd::cview(x.data(), x.rows(), x.cols()), tape, Pass{}));
}

// an image's values, row-major as written, into an NCHW column
Md image(std::initializer_list<double> values) {
  Md m(static_cast<Index>(values.size()), 1);
  Index i = 0;
  for (const double v : values) m(i++, 0) = v;
  return m;
}

void check_values(const Md& got, const Md& expected) {
  REQUIRE(got.rows() == expected.rows());
  REQUIRE(got.cols() == expected.cols());
  for (Index i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got.data()[i] == doctest::Approx(expected.data()[i]).epsilon(1e-14));
  }
}

TEST_CASE("AvgPool: a known pooling, by hand") {
  // two channels of 4 × 4: 1..16 and 17..32 row-major; each 2 × 2 block's mean
  Md x(32, 1);
  for (Index i = 0; i < 32; ++i) x(i, 0) = double(i + 1);
  const Md y = forward<Net<32, Image<2, 4, 4>, AvgPool<2>>>(x);
  check_values(y, image({3.5, 5.5, 11.5, 13.5, 19.5, 21.5, 27.5, 29.5}));
  // a 3 × 3 window over a 3 × 6 image: the means of 1..9-like blocks
  Md z(18, 1);
  for (Index i = 0; i < 18; ++i) z(i, 0) = double(i);
  // block 0: rows 0..2, columns 0..2: (0+1+2 + 6+7+8 + 12+13+14) / 9 = 7; block 1: 10
  check_values(forward<Net<18, Image<1, 3, 6>, AvgPool<3>>>(z), image({7, 10}));
}

TEST_CASE("Upsample: nearest, by hand") {
  const Md x = image({1, 2, 3, 4});  // [[1, 2], [3, 4]]
  check_values(forward<Net<4, Image<1, 2, 2>, Upsample<2>>>(x),
               image({1, 1, 2, 2,  //
                      1, 1, 2, 2,  //
                      3, 3, 4, 4,  //
                      3, 3, 4, 4}));
  // factor 3 on a 1 × 2 image: each pixel a 3 × 3 block
  check_values(forward<Net<2, Image<1, 1, 2>, Upsample<3>>>(image({5, 7})),
               image({5, 5, 5, 7, 7, 7, 5, 5, 5, 7, 7, 7, 5, 5, 5, 7, 7, 7}));
}

TEST_CASE("Upsample: bilinear as PyTorch's align_corners=False, by hand") {
  // Along an axis of 2 pixels, factor 2, the source coordinates (d + ½)/2 − ½ are −¼ (raised to
  // 0), ¼, ¾, 1¼ (its upper neighbour held at pixel 1): weights (1, 0), (¾, ¼), (¼, ¾), (0, 1).
  // [[1, 2], [3, 4]] gives rows 1 2 → 1, 1.25, 1.75, 2 and 3 4 → 3, 3.25, 3.75, 4, blended the
  // same way down the columns (what torch.nn.Upsample(scale_factor=2, mode='bilinear') returns).
  check_values(forward<Net<4, Image<1, 2, 2>, Bilinear2>>(image({1, 2, 3, 4})),
               image({1.0, 1.25, 1.75, 2.0,  //
                      1.5, 1.75, 2.25, 2.5,  //
                      2.5, 2.75, 3.25, 3.5,  //
                      3.0, 3.25, 3.75, 4.0}));
  // factor 3 along 2 pixels: coordinates −⅓ → 0, 0, ⅓, ⅔, 1, 1⅓ (held at 1); [0, 3] gives
  // 0, 0, 1, 2, 3, 3. One row high: every output row is the same (the vertical taps coincide).
  const Md row = image({0, 0, 1, 2, 3, 3});
  Md expected(18, 1);
  expected << row, row, row;
  check_values(forward<Net<2, Image<1, 1, 2>, Upsample<3, UpsampleMode::Bilinear>>>(image({0, 3})), expected);
  // a constant image stays constant (the weights of every output pixel sum to 1)
  const Md ones = Md::Constant(2 * 3 * 5, 1, 1.5);
  check_values(forward<Net<30, Image<2, 3, 5>, Upsample<4, UpsampleMode::Bilinear>>>(ones),
               Md::Constant(2 * 12 * 20, 1, 1.5));
}

TEST_CASE("AvgPool and Upsample: gradients and second-order passes") {
  check_all<Net<48, Image<2, 4, 6>, AvgPool<2>>>();
  check_all<Net<54, Image<1, 6, 9>, AvgPool<3>>>();
  check_all<Net<48, Image<2, 4, 6>, Upsample<2>>>();
  check_all<Net<48, Image<2, 4, 6>, Bilinear2>>();
  check_all<Net<12, Image<2, 3, 2>, Upsample<3, UpsampleMode::Bilinear>>>();
  // between convolutions and an activation, as in a discriminator and a generator
  check_all<Net<48, Image<2, 4, 6>, Conv2d<3, 3, 1, 1>, LeakyReLU<>, AvgPool<2>, Conv2d<2, 1>, Tanh, Dense<2>>>();
  check_all<Net<3, Dense<8>, Reshape<2, 2, 2>, Bilinear2, Tanh, Conv2d<2, 3, 1, 1>, Upsample<2>, Conv2d<1, 3, 1, 1>,
                Flatten>>();
}

TEST_CASE("AvgPool and Upsample: the CPU backend (float) computes what the reference backend (double) computes") {
  // (each layer alone on Image<2, 4, 6>: test_reference_layers.cpp)
  test::compare_backends<30, Image<2, 3, 5>, Upsample<3, UpsampleMode::Bilinear>>();
  test::compare_backends<36, Image<1, 6, 6>, Upsample<2>, Conv2d<2, 3, 1, 1>, AvgPool<4>>();
  test::compare_backends<54, Image<1, 6, 9>, AvgPool<3>, Tanh, Upsample<3, UpsampleMode::Bilinear>, Conv2d<2, 3, 1, 1>,
                         Dense<1>>();
}

TEST_CASE("resample and resample_adjoint_add: the CPU loops are the taps of ResampleGeometry") {
  // each kind against the dense matrix A built from for_each_tap; the adjoint adds Aᵀ dy
  const ResampleGeometry geometries[] = {{ResampleKind::AvgPool, 2, 6, 4, 2},
                                         {ResampleKind::AvgPool, 1, 3, 6, 3},
                                         {ResampleKind::Nearest, 2, 3, 2, 3},
                                         {ResampleKind::Bilinear, 2, 3, 5, 2},
                                         {ResampleKind::Bilinear, 1, 4, 1, 3},
                                         {ResampleKind::Bilinear, 1, 2, 3, 1}};
  Rng rng(11);
  for (const ResampleGeometry& g : geometries) {
    CAPTURE(static_cast<int>(g.kind));
    CAPTURE(g.factor);
    Md a = Md::Zero(g.out_size(), g.in_size());
    g.for_each_tap([&](Index out, Index in, double weight) { a(out, in) += weight; });
    const Md x = test::random_matrix(g.in_size(), 3, rng), dy = test::random_matrix(g.out_size(), 3, rng);
    Md y(g.out_size(), 3);
    Bd::resample(test::mv<Bd>(y), test::cv<Bd>(x), g);
    test::check_close(y, a * x, 1e-14, "resample");
    Md dx = Md::Constant(g.in_size(), 3, 0.5);
    Bd::resample_adjoint_add(test::mv<Bd>(dx), test::cv<Bd>(dy), g);
    test::check_close(dx, ((a.transpose() * dy).array() + 0.5).matrix(), 1e-14, "resample_adjoint_add");
    // every output pixel is a weighted mean of its taps
    for (Index r = 0; r < a.rows(); ++r) CHECK(a.row(r).sum() == doctest::Approx(1.0).epsilon(1e-14));
  }
}

}  // namespace pool_upsample_layers
