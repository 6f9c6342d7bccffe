#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <utility>

#include <gantk/metrics/detail/normal_quantile.hpp>
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

TEST_CASE("chi_quantile: the radius holding a share p of a d-dimensional Gaussian, against closed forms") {
  const double p = metrics::three_sigma_2d_coverage;
  CHECK(p == doctest::Approx(0.988891003461758).epsilon(1e-14));
  CHECK(metrics::detail::chi_quantile(2, p) == doctest::Approx(3.0).epsilon(1e-13));  // 1 − e^{−r²/2} = p
  // d = 1: P(|x| ≤ r) = 2Φ(r) − 1
  CHECK(metrics::detail::chi_quantile(1, p) ==
        doctest::Approx(metrics::detail::normal_quantile((1 + p) / 2)).epsilon(1e-12));
  // d = 3: P(‖x‖ ≤ r) = erf(r/√2) − √(2/π)·r·e^{−r²/2}
  const double r3 = metrics::detail::chi_quantile(3, p);
  CHECK(std::erf(r3 / std::sqrt(2.0)) - std::sqrt(2.0 / std::numbers::pi) * r3 * std::exp(-r3 * r3 / 2) ==
        doctest::Approx(p).epsilon(1e-12));
  // large d: ‖x‖ concentrates at √d (χ_d's mean √(d − ½) to first order, sd ~ 1/√2)
  const double r1200 = metrics::detail::chi_quantile(1200, p);
  CHECK(r1200 > std::sqrt(1200.0));
  CHECK(r1200 < std::sqrt(1200.0) + 3 * 0.71);
  CHECK_THROWS_WITH_AS(metrics::detail::chi_quantile(2, 1.0), doctest::Contains("p must lie in (0, 1), got 1"), Error);
}

TEST_CASE("mixture_coverage: the default radius admits ~98.9% of real samples in 10-d; 3σ admits ~47%") {
  const auto mixture = data::HighDimensionalMixture{.dim = 10, .modes = 20}.dataset();
  Rng rng(7);
  const auto x = mixture.draw<double>(20000, rng);
  const auto c = metrics::mixture_coverage(x, mixture);
  CHECK(c.radius_sigmas == doctest::Approx(4.7857).epsilon(1e-4));
  CHECK(c.high_quality == doctest::Approx(0.98889).epsilon(0.005));  // binomial sd 0.0007
  CHECK(c.modes == 20);
  CHECK(c.modes_20 == 20);
  const auto papers = metrics::mixture_coverage(x, mixture, {.k_sigma = 3});
  CHECK(papers.radius_sigmas == 3.0);
  CHECK(papers.high_quality == doctest::Approx(0.4679).epsilon(0.05));  // P(χ²₁₀ ≤ 9) = 0.4679
}

TEST_CASE("mixture_coverage: in 2-d the default radius is 3σ, so 2-d figures do not change") {
  // samples 1.3× wider than the components, so that many fall near 3σ
  const std::pair<data::GaussianMixture, data::GaussianMixture> cases[] = {
      {data::Ring{}.dataset(), data::Ring{.stddev = 0.013}.dataset()},
      {data::Grid{}.dataset(), data::Grid{.stddev = 0.065}.dataset()}};
  for (const auto& [mixture, wider] : cases) {
    Rng rng(11);
    const auto x = wider.draw<double>(5000, rng);
    const auto by_default = metrics::mixture_coverage(x, mixture);
    const auto papers = metrics::mixture_coverage(x, mixture, {.k_sigma = 3});
    CHECK(by_default.radius_sigmas == doctest::Approx(3.0).epsilon(1e-13));
    CHECK(by_default.hq_counts == papers.hq_counts);
    CHECK(by_default.high_quality == papers.high_quality);
    CHECK(by_default.modes == papers.modes);
  }
}

TEST_CASE("mixture_coverage: modes counted with both thresholds of the literature (≥ 1 and ≥ 20)") {
  HostMatrix<double> centers(2, 2);
  centers << 1, -1, 0, 0;
  const data::GaussianMixture m(centers, 0.1);
  HostMatrix<double> s = HostMatrix<double>::Zero(2, 30);
  s.row(0).head(25).setConstant(1.0);   // 25 high-quality samples at +1
  s.row(0).tail(5).setConstant(-1.0);   // 5 at −1
  const auto c = metrics::mixture_coverage(s, m);
  CHECK(c.modes == 2);
  CHECK(c.modes_20 == 1);
  CHECK(metrics::mixture_coverage(s, m, {.min_count = 20}).modes == c.modes_20);
}

TEST_CASE("mixture_coverage: modes_by_share is PacGAN's 20 of 2,500 at any sample count") {
  HostMatrix<double> centers(2, 3);
  centers << 1, -1, 0, 0, 0, 5;
  const data::GaussianMixture m(centers, 0.1);
  // 512 samples: 500 far from every mode, 8 at +1, 4 at −1 (0.78% < 0.8%), none at (0, 5)
  HostMatrix<double> s = HostMatrix<double>::Constant(2, 512, 40.0);
  for (Index j = 0; j < 8; ++j) s.col(j) << 1.0, 0.0;
  for (Index j = 8; j < 12; ++j) s.col(j) << -1.0, 0.0;
  const auto c = metrics::mixture_coverage(s, m);
  CHECK(c.hq_counts == std::vector<Index>{8, 4, 0});
  CHECK(c.modes == 2);           // one sample is enough
  CHECK(c.modes_by_share == 1);  // 8 ≥ 0.008·512 = 4.1 > 4
  CHECK(metrics::mixture_coverage(s, m, {.min_share = 4.0 / 512}).modes_by_share == 2);
  // at 2,500 samples the share is PacGAN's own count: the same as modes_20
  HostMatrix<double> t = HostMatrix<double>::Constant(2, 2500, 40.0);
  for (Index j = 0; j < 20; ++j) t.col(j) << 1.0, 0.0;
  for (Index j = 20; j < 39; ++j) t.col(j) << -1.0, 0.0;
  const auto d = metrics::mixture_coverage(t, m);
  CHECK(d.modes_by_share == 1);
  CHECK(d.modes_by_share == d.modes_20);
  CHECK_THROWS_WITH_AS(metrics::mixture_coverage(s, m, {.min_share = 1.5}),
                       doctest::Contains("min_share must lie in [0, 1], got 1.5"), Error);
}
