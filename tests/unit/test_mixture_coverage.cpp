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
