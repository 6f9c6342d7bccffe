// The minibatch layers' values by hand, and the coupling of samples they introduce.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/gantk.hpp>

using namespace gantk;

namespace {
using Bd = CpuBackend<double>;
using Md = Bd::Matrix;
using Vd = Bd::Vector;

template <class L>
Md run(const L& layer, const Vd& p, const Md& x) {
  typename L::Cache c;
  c.resize(x.cols());
  Md y(L::out_width, x.cols());
  layer.forward(p.data(), nullptr, Bd::cview(x), Bd::view(y), c, Pass{Mode::Train, nullptr});
  return y;
}
}  // namespace

TEST_CASE("MinibatchDiscFeatures: o_b(i) = Σ_{j≠i} exp(−‖M_b(i) − M_b(j)‖₁) + bias, by hand") {
  using L = MinibatchDiscFeaturesLayer<Bd, 2, 2, 1, init::XavierUniform>;  // 2 kernels of dimension 1
  Vd p(L::param_count);
  p << 1, 0, 0, 1, 0.5, -0.5;  // W = I (column-major), bias (0.5, −0.5)
  Md x(2, 3);
  x << 0, 1, 3,  //
      0, 0, 2;
  const Md y = run(L{}, p, x);
  CHECK(y.topRows(2) == x);
  // kernel 0 sees x₀ = (0, 1, 3), kernel 1 sees x₁ = (0, 0, 2)
  CHECK(y(2, 0) == doctest::Approx(std::exp(-1.0) + std::exp(-3.0) + 0.5));
  CHECK(y(2, 1) == doctest::Approx(std::exp(-1.0) + std::exp(-2.0) + 0.5));
  CHECK(y(3, 0) == doctest::Approx(1.0 + std::exp(-2.0) - 0.5));
  CHECK(y(3, 2) == doctest::Approx(2 * std::exp(-2.0) - 0.5));
}

TEST_CASE("MinibatchDiscFeatures: a collapsed batch stands out, and samples are coupled") {
  using L = MinibatchDiscFeaturesLayer<Bd, 3, 4, 2, init::Normal<1, 2>>;
  Rng rng(1);
  Vd p(L::param_count);
  L{}.init(p.data(), nullptr, rng);
  Md spread(3, 8);
  rng.fill_normal(spread.data(), spread.size(), 0.0, 1.0);
  Md collapsed = spread.col(0).replicate(1, 8);
  const Md a = run(L{}, p, spread), b = run(L{}, p, collapsed);
  CHECK(b.bottomRows(4).minCoeff() == doctest::Approx(7.0));  // 7 identical neighbours: exp(0) each
  CHECK(a.bottomRows(4).maxCoeff() < 5.0);
  // moving sample 3 changes sample 0's features (and only its o rows)
  Md moved = spread;
  moved(0, 3) += 0.5;
  const Md c = run(L{}, p, moved);
  CHECK(c.col(0).topRows(3) == a.col(0).topRows(3));
  CHECK((c.col(0).bottomRows(4) - a.col(0).bottomRows(4)).norm() > 1e-4);
}

TEST_CASE("MinibatchStdDevFeature: the mean over features of the batch standard deviation, by hand") {
  using L = MinibatchStdDevLayer<Bd, 2>;
  Md x(2, 4);
  x << 1, 3, 1, 3,  // sd 1
      0, 0, 4, 4;   // sd 2
  const Md y = run(L{}, Vd(), x);
  CHECK(y.topRows(2) == x);
  for (Index i = 0; i < 4; ++i) CHECK(y(2, i) == doctest::Approx(1.5));
  const Md same = run(L{}, Vd(), x.col(1).replicate(1, 4));
  CHECK(same(2, 0) == doctest::Approx(std::sqrt(1e-8) * 1.0));  // only √ε left
}
