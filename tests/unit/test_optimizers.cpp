// Optimizer steps against values computed by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include <gantk/optim/optimizers.hpp>

using namespace gantk;

TEST_CASE("SGD without momentum: θ ← θ − lr·g") {
  OptimizerState<double> opt(SGD{.lr = 0.1}, 2);
  std::vector<double> theta{1.0, -2.0};
  const std::vector<double> g{0.5, -1.0};
  opt.step(theta.data(), g.data());
  CHECK(theta[0] == doctest::Approx(0.95));
  CHECK(theta[1] == doctest::Approx(-1.9));
}

TEST_CASE("SGD with momentum: v ← μv + g (v₁ = g), θ ← θ − lr·v") {
  OptimizerState<double> opt(SGD{.lr = 0.1, .momentum = 0.9}, 1);
  std::vector<double> theta{1.0};
  const std::vector<double> g1{1.0}, g2{2.0};
  opt.step(theta.data(), g1.data());  // v = 1, θ = 0.9
  CHECK(theta[0] == doctest::Approx(0.9));
  opt.step(theta.data(), g2.data());  // v = 0.9·1 + 2 = 2.9, θ = 0.9 − 0.29 = 0.61
  CHECK(theta[0] == doctest::Approx(0.61));
}

TEST_CASE("SGD with Nesterov momentum: θ ← θ − lr·(g + μv)") {
  OptimizerState<double> opt(SGD{.lr = 0.1, .momentum = 0.5, .nesterov = true}, 1);
  std::vector<double> theta{0.0};
  const std::vector<double> g{1.0};
  opt.step(theta.data(), g.data());  // v = 1, θ = −0.1·(1 + 0.5) = −0.15
  CHECK(theta[0] == doctest::Approx(-0.15));
  opt.step(theta.data(), g.data());  // v = 1.5, θ = −0.15 − 0.1·(1 + 0.75) = −0.325
  CHECK(theta[0] == doctest::Approx(-0.325));
}

TEST_CASE("Adam: two steps by hand") {
  OptimizerState<double> opt(Adam{.lr = 0.1, .beta1 = 0.9, .beta2 = 0.99, .eps = 1e-8}, 1);
  std::vector<double> theta{1.0};
  const std::vector<double> g1{2.0}, g2{-1.0};
  opt.step(theta.data(), g1.data());
  // m = 0.2, v = 0.04; m̂ = 2, v̂ = 4; θ = 1 − 0.1·2/(2 + 1e-8)
  CHECK(theta[0] == doctest::Approx(1.0 - 0.1 * 2.0 / (2.0 + 1e-8)));
  const double after1 = theta[0];
  opt.step(theta.data(), g2.data());
  const double m = 0.9 * 0.2 + 0.1 * -1.0, v = 0.99 * 0.04 + 0.01 * 1.0;
  const double mhat = m / (1 - 0.81), vhat = v / (1 - 0.9801);
  CHECK(theta[0] == doctest::Approx(after1 - 0.1 * mhat / (std::sqrt(vhat) + 1e-8)));
  CHECK(opt.steps() == 2);
}

TEST_CASE("RMSProp: s ← αs + (1−α)g², θ ← θ − lr·g/(√s + ε)") {
  OptimizerState<double> opt(RMSProp{.lr = 0.01, .alpha = 0.9, .eps = 1e-8}, 1);
  std::vector<double> theta{0.5};
  const std::vector<double> g{3.0};
  opt.step(theta.data(), g.data());  // s = 0.9, θ = 0.5 − 0.01·3/(√0.9 + ε)
  CHECK(theta[0] == doctest::Approx(0.5 - 0.03 / (std::sqrt(0.9) + 1e-8)));
  opt.step(theta.data(), g.data());  // s = 0.81 + 0.9 = 1.71
  CHECK(theta[0] == doctest::Approx(0.5 - 0.03 / (std::sqrt(0.9) + 1e-8) - 0.03 / (std::sqrt(1.71) + 1e-8)));
}

TEST_CASE("optimizer settings are validated") {
  CHECK_THROWS_WITH_AS(OptimizerState<float>(Adam{.lr = -1}, 3), doctest::Contains("lr"), Error);
  CHECK_THROWS_WITH_AS(OptimizerState<float>(Adam{.beta1 = 1.0}, 3), doctest::Contains("beta1"), Error);
  CHECK_THROWS_WITH_AS(OptimizerState<float>(SGD{.momentum = 1.5}, 3), doctest::Contains("momentum"), Error);
  CHECK_THROWS_WITH_AS(OptimizerState<float>(RMSProp{.alpha = -0.1}, 3), doctest::Contains("alpha"), Error);
}

TEST_CASE("learning rate can be scheduled") {
  OptimizerState<double> opt(Adam{}, 1);
  opt.set_learning_rate(0.5);
  CHECK(opt.learning_rate() == 0.5);
}

TEST_CASE("an update reports non-finite parameters or moments, even when the parameters look fine") {
  const float theta0[3] = {0.5f, -0.25f, 1.0f};
  for (const Optimizer o : {Optimizer{SGD{.lr = 0.1}}, Optimizer{SGD{.lr = 0.1, .momentum = 0.9}}, Optimizer{Adam{}},
                            Optimizer{RMSProp{}}}) {
    CAPTURE(o.index());
    OptimizerState<float> opt(o, 3);
    float theta[3] = {theta0[0], theta0[1], theta0[2]};
    const float fine[3] = {0.1f, -0.2f, 0.3f};
    CHECK(opt.step(theta, fine));
    const float nan_grad[3] = {0.1f, std::numeric_limits<float>::quiet_NaN(), 0.3f};
    CHECK_FALSE(opt.step(theta, nan_grad));
  }
  // Adam: g² overflows the second moment to Inf while θ moves by m/√v = 0 and stays finite
  OptimizerState<float> adam(Adam{}, 3);
  float theta[3] = {theta0[0], theta0[1], theta0[2]};
  const float huge[3] = {1e22f, 0.f, 0.f};  // (1 − β₂)·g² = 1e41 > float max
  CHECK_FALSE(adam.step(theta, huge));
  CHECK(std::isfinite(theta[0]));
  CHECK_FALSE(std::isfinite(adam.second_moment()[0]));
}

TEST_CASE("set_learning_rate refuses NaN, Inf, zero and negative rates, naming the value") {
  OptimizerState<float> opt(Adam{}, 3);
  CHECK_THROWS_WITH_AS(opt.set_learning_rate(std::numeric_limits<double>::quiet_NaN()), doctest::Contains("got nan"),
                       Error);
  CHECK_THROWS_WITH_AS(opt.set_learning_rate(-0.5), doctest::Contains("got -0.5"), Error);
  CHECK_THROWS_AS(opt.set_learning_rate(0.0), Error);
  CHECK_THROWS_AS(opt.set_learning_rate(std::numeric_limits<double>::infinity()), Error);
  CHECK(opt.learning_rate() == 1e-4);  // unchanged
}
