#include <doctest/doctest.h>

#include "strategy_check.hpp"

using namespace gantk;
using gantk::test::check_fake_gradient;
using gantk::test::ContextData;

namespace {
using Gan = GAN<MLP<Latent<3>, Data<2>, Hidden<8>>, NonSaturatingLoss, Precision<double>, ModeSeeking>;
}

TEST_CASE("ModeSeeking: the value for one pair, by hand") {
  Gan gan{{.seed = 1}, ModeSeeking{.weight = 2.0, .eps = 1e-5}};
  gan.train_step(data::Ring{}.dataset(), 2);
  Rng rng(1);
  ContextData<Gan> data(2, rng);
  data.fake << 1.0, 0.0, 2.0, 1.0;          // fakes (1, 2) and (0, 1): mean |Δ| = 1
  data.z << 0.0, 0.5, 0.0, 0.5, 0.0, 0.5;   // codes 0 and 0.5: mean |Δ| = 0.5
  const double value = data.g_penalty(gan, gan.strategy<ModeSeeking>());
  CHECK(value == doctest::Approx(2.0 / (1.0 / 0.5 + 1e-5)));
  // its gradient pushes the two fakes apart: G descends it, so fake 0 moves away from fake 1
  CHECK(data.fake_grad(0, 0) < 0);
  CHECK(data.fake_grad(0, 1) > 0);
}

TEST_CASE("ModeSeeking: one batch-level ratio, as the authors' code takes it, not a mean over pairs") {
  Gan gan{{.seed = 1}, ModeSeeking{.weight = 1.0, .eps = 1e-5}};
  gan.train_step(data::Ring{}.dataset(), 4);
  Rng rng(1);
  ContextData<Gan> data(4, rng);
  // pair (0, 1): mean |Δfake| 1, pair (2, 3): mean |Δfake| 0.01; every code pair: mean |Δz| 0.5
  data.fake << 1.0, 0.0, 0.0, 0.0, 2.0, 1.0, 0.02, 0.0;  // rows: x, y
  data.z << 0.0, 0.5, 0.0, 0.5, 0.0, 0.5, 0.0, 0.5, 0.0, 0.5, 0.0, 0.5;
  const double value = data.g_penalty(gan, gan.strategy<ModeSeeking>());
  const double ratio = ((1.0 + 0.01) / 2) / 0.5;  // mean|Δfake| over both pairs / mean|Δz|
  CHECK(value == doctest::Approx(1.0 / (ratio + 1e-5)));
  // the per-pair form, mean of 1/(r_k + eps) = (1/2 + 1/0.02)/2 ≈ 25, would be 25× larger here
  CHECK(value < 1.0);
}

TEST_CASE("ModeSeeking: gradient with respect to the fakes, odd batch") {
  Gan gan{{.seed = 2}, ModeSeeking{.weight = 0.5}};
  gan.train_step(data::Ring{}.dataset(), 7);
  Rng rng(2);
  ContextData<Gan> data(7, rng);
  check_fake_gradient(gan, data, [&] { return data.g_penalty(gan, gan.strategy<ModeSeeking>()); });
  CHECK(data.fake_grad.col(6).isZero());  // the seventh sample has no partner
}

TEST_CASE("ModeSeeking: a near-identical pair does not dominate the batch's gradient") {
  Gan gan{{.seed = 5}};
  gan.train_step(data::Ring{}.dataset(), 8);
  Rng rng(5);
  ContextData<Gan> data(8, rng);
  data.fake.col(1) = data.fake.col(0) + gantk::test::Md::Constant(2, 1, 1e-4);  // pair (0, 1) nearly collapsed
  data.g_penalty(gan, gan.strategy<ModeSeeking>());
  // every coordinate's gradient has the same size, weight·inv²/(pairs·d·mean|Δz|): no pair stands out,
  // where the per-pair form gave this pair ~1/r² ≈ 10⁸ times the others
  const double largest = data.fake_grad.cwiseAbs().maxCoeff();
  CHECK(largest < 10.0);
  CHECK(data.fake_grad.col(0).cwiseAbs().maxCoeff() == doctest::Approx(data.fake_grad.col(2).cwiseAbs().maxCoeff()));
  check_fake_gradient(gan, data, [&] { return data.g_penalty(gan, gan.strategy<ModeSeeking>()); }, 1e-5);
}

TEST_CASE("ModeSeeking punishes a collapsed generator far more than a spread one") {
  Gan gan{{.seed = 3}};
  gan.train_step(data::Ring{}.dataset(), 8);
  Rng rng(3);
  ContextData<Gan> spread(8, rng);
  ContextData<Gan> collapsed(8, rng);
  collapsed.fake.colwise() = collapsed.fake.col(0) + 1e-3 * collapsed.fake.col(1);
  auto& ms = gan.strategy<ModeSeeking>();
  CHECK(collapsed.g_penalty(gan, ms) > 100 * spread.g_penalty(gan, ms));
}

TEST_CASE("ModeSeeking in training: G's penalty is reported and finite") {
  GAN<MLP<Latent<2>, Data<2>, Hidden<16>>, NonSaturatingLoss, ModeSeeking> gan{{.seed = 4}};
  const auto info = gan.train_step(data::Ring{}.dataset(), 32);
  CHECK(info.g_penalty > 0);
  CHECK(std::isfinite(info.g_penalty));
  using G2 = GAN<MLP<Latent<2>, Data<2>, Hidden<16>>, NonSaturatingLoss, ModeSeeking>;
  CHECK_THROWS_WITH_AS((G2{{}, ModeSeeking{.weight = 0}}), doctest::Contains("weight must be positive"), Error);
  CHECK_THROWS_WITH_AS((G2{{}, ModeSeeking{.eps = -1}}), doctest::Contains("-1"), Error);
}
