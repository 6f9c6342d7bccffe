// k-means (k-means++ seeding) and NDB/K with Jensen–Shannon divergence (Richardson & Weiss 2018).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/kmeans.hpp>
#include <gantk/metrics/ndb.hpp>

using namespace gantk;

namespace {
HostMatrix<double> row(std::initializer_list<double> v) {
  HostMatrix<double> x(1, static_cast<Index>(v.size()));
  Index j = 0;
  for (double a : v) x(0, j++) = a;
  return x;
}
HostMatrix<double> repeated(double a, Index na, double b, Index nb) {
  HostMatrix<double> x(1, na + nb);
  x.leftCols(na).setConstant(a);
  x.rightCols(nb).setConstant(b);
  return x;
}
}  // namespace

TEST_CASE("kmeans: hand-computed clusters, centroids and inertia") {
  const auto km = metrics::kmeans(row({0, 0.1, 10, 10.1, 10.2}), {.clusters = 2});
  const bool low_first = km.centroids(0, 0) < km.centroids(0, 1);
  const Index lo = low_first ? 0 : 1, hi = 1 - lo;
  CHECK(km.centroids(0, lo) == doctest::Approx(0.05));
  CHECK(km.centroids(0, hi) == doctest::Approx(10.1));
  CHECK(km.inertia == doctest::Approx(2 * 0.0025 + 2 * 0.01));
  CHECK(km.labels == std::vector<Index>{lo, lo, hi, hi, hi});
  CHECK(km.sizes(lo) == 2);
  CHECK(km.sizes(hi) == 3);
  CHECK(metrics::nearest_centroid(row({-3, 4, 6}), km.centroids) == std::vector<Index>{lo, lo, hi});
}

TEST_CASE("kmeans: k-means++ finds every mode of the ring, reproducibly from its seed") {
  const auto ring = data::Ring{}.dataset();
  Rng rng(4);
  const auto x = ring.draw<float>(800, rng);
  const auto km = metrics::kmeans(x, {.clusters = 8, .seed = 3});
  for (Index c = 0; c < 8; ++c) {
    const double nearest = (km.centroids.colwise() - ring.centers().col(c)).colwise().norm().minCoeff();
    CHECK(nearest < 0.01);  // σ = 0.01, ~100 samples per mode: the mean lands within ~0.001
  }
  CHECK(km.sizes.minCoeff() > 60);
  const auto again = metrics::kmeans(x, {.clusters = 8, .seed = 3});
  CHECK(again.centroids == km.centroids);
  CHECK(again.labels == km.labels);
}

TEST_CASE("ndb: hand-computed z-tests, NDB/K and JS divergence") {
  // two bins at 0 and 10; the real samples split 50/50, the fakes 80/20
  const auto real = repeated(0, 50, 10, 50);
  const auto bins = metrics::ndb_bins(real, {.bins = 2});
  REQUIRE(bins.samples == 100);
  const auto r = metrics::ndb(bins, repeated(0, 80, 10, 20));
  const Index b0 = bins.centroids(0, 0) < 5 ? 0 : 1, b1 = 1 - b0;
  const double pooled = (50.0 + 80.0) / 200.0, se = std::sqrt(pooled * (1 - pooled) * (1.0 / 100 + 1.0 / 100));
  CHECK(r.z(b0) == doctest::Approx(0.3 / se));  // ≈ 4.45
  CHECK(r.z(b1) == doctest::Approx(-0.3 / se));
  CHECK(r.different_bins == 2);
  CHECK(r.ndb_over_k == 1.0);
  const double js = 0.5 * (0.5 * std::log(0.5 / 0.65) + 0.5 * std::log(0.5 / 0.35)) +
                    0.5 * (0.8 * std::log(0.8 / 0.65) + 0.2 * std::log(0.2 / 0.35));
  CHECK(r.js_divergence == doctest::Approx(js));

  // 60/40: z = 0.1 / √(0.55·0.45·0.02) ≈ 1.42 — not significant at α = 0.05 (1.96), significant at α = 0.2 (1.28)
  const auto mild = repeated(0, 60, 10, 40);
  CHECK(metrics::ndb(bins, mild).different_bins == 0);
  CHECK(metrics::ndb(bins, mild, {.alpha = 0.2}).different_bins == 2);
  CHECK(metrics::ndb(bins, mild).z(b0) == doctest::Approx(0.1 / std::sqrt(0.55 * 0.45 * 0.02)));

  // identical histograms: nothing differs, JS = 0; disjoint histograms: JS = ln 2
  const auto same = metrics::ndb(real, real, {.bins = 2});
  CHECK(same.different_bins == 0);
  CHECK(same.js_divergence == 0.0);
  metrics::NdbBins only_first{row({0, 10}), Eigen::Vector2d(1, 0), 100};
  const auto disjoint = metrics::ndb(only_first, repeated(10, 30, 10, 0));
  CHECK(disjoint.js_divergence == doctest::Approx(std::log(2.0)));
  CHECK(disjoint.different_bins == 2);
}

TEST_CASE("ndb: same distribution ≈ α·K bins differ; a generator that lost half the ring's modes fails most bins") {
  const auto ring = data::Ring{}.dataset();
  const data::GaussianMixture half(ring.centers().leftCols(4), ring.stddev());
  Rng rng(12);
  const auto real = ring.draw<float>(2000, rng);
  const auto bins = metrics::ndb_bins(real, {.bins = 20, .seed = 1});
  const auto same = metrics::ndb(bins, ring.draw<float>(2000, rng));
  const auto lost = metrics::ndb(bins, half.draw<float>(2000, rng));
  INFO("same: NDB " << same.different_bins << ", JS " << same.js_divergence << "; half: NDB " << lost.different_bins
                    << ", JS " << lost.js_divergence);
  CHECK(same.different_bins <= 5);  // Binomial(20, 0.05) exceeds 5 with probability 3e-4
  CHECK(same.js_divergence < 0.01);
  CHECK(lost.ndb_over_k > 0.8);  // lost modes' bins are empty, kept modes' bins hold twice their share
  CHECK(lost.js_divergence == doctest::Approx(0.75 * std::log(4.0 / 3.0)).epsilon(0.1));  // histograms over modes
}

TEST_CASE("kmeans and ndb: bad input is reported with the value") {
  CHECK_THROWS_WITH_AS(metrics::kmeans(row({1, 2}), {.clusters = 3}), doctest::Contains("got 2"), Error);
  CHECK_THROWS_WITH_AS(metrics::kmeans(row({1, 2}), {.clusters = 0}), doctest::Contains("got 0"), Error);
  CHECK_THROWS_WITH_AS(metrics::kmeans(row({1, NAN}), {.clusters = 1}), doctest::Contains("input sample 1"), Error);
  const auto real = repeated(0, 5, 1, 5);
  CHECK_THROWS_WITH_AS(metrics::ndb(real, real, {.bins = 11}), doctest::Contains("11 bins need at least as many real samples, got 10"),
                       Error);
  CHECK_THROWS_WITH_AS(metrics::ndb(real, real, {.bins = 2, .alpha = 1.5}), doctest::Contains("got 1.5"), Error);
  CHECK_THROWS_WITH_AS(metrics::ndb(real, HostMatrix<double>::Zero(2, 3), {.bins = 2}), doctest::Contains("2"), Error);
  CHECK_THROWS_WITH_AS(metrics::ndb(metrics::NdbBins{}, real), doctest::Contains("bins are empty"), Error);
}
