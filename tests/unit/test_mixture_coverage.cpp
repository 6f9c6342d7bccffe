#include <doctest/doctest.h>

#include <cmath>

#include <gantk/metrics/mixture_coverage.hpp>

using namespace gantk;

TEST_CASE("mixture_coverage: samples drawn from the mixture cover every mode") {
  const auto ring = data::Ring{}.dataset();
  Rng rng(5);
  const auto x = ring.draw<float>(2500, rng);
  const auto c = metrics::mixture_coverage(x, ring);
  CHECK(c.modes == 8);
  CHECK(c.components == 8);
  CHECK(c.high_quality > 0.98);  // within 3σ in 2-d: P = 1 − e^{−4.5} ≈ 0.989
  CHECK(c.reverse_kl < 0.01);
}

TEST_CASE("mixture_coverage: hand-computed histogram and reverse KL") {
  // two components at ±1 on the x axis, σ = 0.1; three samples near +1, one far from both
  HostMatrix<double> centers(2, 2);
  centers << 1, -1, 0, 0;
  const data::GaussianMixture m(centers, 0.1);
  HostMatrix<double> s(2, 4);
  s << 1.0, 1.05, 0.98, 0.1, 0.0, 0.1, 0.0, 0.0;
  const auto c = metrics::mixture_coverage(s, m);
  CHECK(c.modes == 1);
  CHECK(c.counts[0] == 4);  // 0.1 is nearer to +1 than to −1
  CHECK(c.hq_counts[0] == 3);
  CHECK(c.high_quality == doctest::Approx(0.75));
  CHECK(c.reverse_kl == doctest::Approx(std::log(2.0)));  // q = (1, 0) against w = (½, ½)
}

TEST_CASE("mixture_coverage: a collapsed set covers one mode") {
  const auto grid = data::Grid{}.dataset();
  HostMatrix<float> s = HostMatrix<float>::Zero(2, 100);  // all at the centre component
  const auto c = metrics::mixture_coverage(s, grid);
  CHECK(c.modes == 1);
  CHECK(c.reverse_kl == doctest::Approx(std::log(25.0)));
}

TEST_CASE("mixture_coverage: bad input is reported") {
  const auto ring = data::Ring{}.dataset();
  CHECK_THROWS_WITH_AS(metrics::mixture_coverage(HostMatrix<float>::Zero(3, 4), ring),
                       doctest::Contains("width 3"), Error);
  HostMatrix<float> bad = HostMatrix<float>::Zero(2, 4);
  bad(1, 2) = NAN;
  CHECK_THROWS_WITH_AS(metrics::mixture_coverage(bad, ring), doctest::Contains("sample 2"), Error);
}

TEST_CASE("mixture_coverage: settable radius, minimum count and reference weights") {
  HostMatrix<double> centers(2, 2);
  centers << 1, -1, 0, 0;
  const data::GaussianMixture m(centers, 0.1);
  HostMatrix<double> s(2, 4);
  s << 1.0, 1.05, 0.98, 0.1, 0.0, 0.1, 0.0, 0.0;  // distances to +1: 0, 0.112, 0.02, 0.9
  CHECK(metrics::mixture_coverage(s, m, 1.0).high_quality == doctest::Approx(0.5));  // within 0.1
  CHECK(metrics::mixture_coverage(s, m, metrics::MixtureCoverageOptions{.k_sigma = 10}).high_quality == 1.0);
  CHECK(metrics::mixture_coverage(s, m, {.min_count = 3}).modes == 1);
  CHECK(metrics::mixture_coverage(s, m, {.min_count = 4}).modes == 0);
  // q = (1, 0) against w = (0.8, 0.2): KL = ln(1/0.8)
  CHECK(metrics::mixture_coverage(s, m, {.weights = {4, 1}}).reverse_kl == doctest::Approx(std::log(1.25)));
  // a sample at a component the weights rule out: infinite KL
  CHECK(std::isinf(metrics::mixture_coverage(s, m, {.weights = {0, 1}}).reverse_kl));
  CHECK_THROWS_WITH_AS(metrics::mixture_coverage(s, m, {.weights = {1, 1, 1}}), doctest::Contains("3 weights for 2"), Error);
  CHECK_THROWS_WITH_AS(metrics::mixture_coverage(s, m, {.min_count = 0}), doctest::Contains("got 0"), Error);
  CHECK_THROWS_WITH_AS(metrics::mixture_coverage(s, m, -1.0), doctest::Contains("got -1"), Error);
}

TEST_CASE("mixture_coverage: takes a mixture's description, and float or double samples alike") {
  Rng rng(9);
  const auto grid = data::Grid{}.dataset();
  const auto x = grid.draw<double>(2500, rng);
  const auto a = metrics::mixture_coverage(x, data::Grid{});
  const auto b = metrics::mixture_coverage(HostMatrix<float>(x.cast<float>()), grid);
  CHECK(a.modes == 25);
  CHECK(a.counts == b.counts);
  CHECK(a.hq_counts == b.hq_counts);
  CHECK(a.reverse_kl == doctest::Approx(b.reverse_kl));
  // PacGAN's rule (a mode needs 20 of 2500 samples) on a generator that emits 5 of the 25 modes
  const data::GaussianMixture five(grid.centers().leftCols(5), grid.stddev());
  const auto c = metrics::mixture_coverage(five.draw<float>(2500, rng), grid, {.min_count = 20});
  CHECK(c.modes == 5);
  CHECK(c.reverse_kl == doctest::Approx(std::log(5.0)).epsilon(0.01));
}
