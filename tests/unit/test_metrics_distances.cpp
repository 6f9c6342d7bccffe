// Pairwise distances, k-NN radii, MMD, energy distance and sliced Wasserstein: hand-computed
// values, limiting cases (identical, disjoint, collapsed sets), float against double, bad input.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/foundation/rng.hpp>
#include <gantk/data/dataset.hpp>
#include <gantk/metrics/energy_distance.hpp>
#include <gantk/metrics/knn_radii.hpp>
#include <gantk/metrics/mmd.hpp>
#include <gantk/metrics/pairwise_distances.hpp>
#include <gantk/metrics/sliced_wasserstein.hpp>

using namespace gantk;

namespace {
template <class T = double>
HostMatrix<T> normal(Index d, Index n, std::uint64_t seed, T mean = 0, T sd = 1) {
  HostMatrix<T> x(d, n);
  Rng rng(seed);
  rng.fill_normal(x.data(), x.size(), mean, sd);
  return x;
}
template <class T = double>
HostMatrix<T> row(std::initializer_list<T> v) {  // 1 × n samples of a 1-d distribution
  HostMatrix<T> x(1, static_cast<Index>(v.size()));
  Index j = 0;
  for (T a : v) x(0, j++) = a;
  return x;
}
}  // namespace

TEST_CASE_TEMPLATE("squared_distances: hand-computed, in float and double", T, float, double) {
  HostMatrix<T> x(2, 2), y(2, 3);
  x << 0, 3, 0, 4;
  y << 0, 1, 3, 0, 0, 0;
  const auto d = metrics::squared_distances(x, y);
  REQUIRE(d.rows() == 2);
  REQUIRE(d.cols() == 3);
  const double expected[2][3] = {{0, 1, 9}, {25, 20, 16}};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) CHECK(d(i, j) == doctest::Approx(expected[i][j]).epsilon(1e-6));
}

TEST_CASE("squared_distances: float stays accurate far from the origin (the sets are centred first)") {
  // near (1000, 1000): ‖x‖² = 2e6, so uncentred float would carry errors of ~0.1 on d² = 1e-4
  HostMatrix<float> x = normal<float>(2, 50, 3, 0.0f, 0.01f);
  x.array() += 1000.0f;
  const auto d = metrics::squared_distances(x, x);
  for (Index i = 0; i < 50; ++i)
    for (Index j = 0; j < 50; ++j) {
      const double exact = (x.col(i).cast<double>() - x.col(j).cast<double>()).squaredNorm();
      CHECK(std::abs(d(i, j) - exact) <= 1e-3 * exact + 1e-9);
    }
}

TEST_CASE("squared_distances: the blocked GEMM pass matches a direct loop on sets spanning many blocks") {
  const auto x = normal<float>(7, 900, 11), y = normal<float>(7, 3000, 12);  // ~350 queries per block
  const auto d = metrics::squared_distances(x, y);
  double worst = 0;
  for (Index i = 0; i < x.cols(); i += 7)
    for (Index j = 0; j < y.cols(); j += 5) {
      const double exact = (x.col(i).cast<double>() - y.col(j).cast<double>()).squaredNorm();
      worst = std::max(worst, std::abs(d(i, j) - exact) / (1 + exact));
    }
  CHECK(worst < 1e-5);
}

TEST_CASE("mean_pairwise_distance and knn_radii: hand-computed") {
  HostMatrix<double> tri(2, 3);
  tri << 0, 3, 0, 0, 4, 4;  // sides 5, 3, 4
  CHECK(metrics::mean_pairwise_distance(tri) == doctest::Approx(4.0));
  CHECK(metrics::mean_pairwise_distance(HostMatrix<float>::Ones(3, 10)) == 0.0);  // collapsed
  const auto line = row<double>({0, 1, 3, 7});
  const auto r1 = metrics::knn_radii(line, 1), r2 = metrics::knn_radii(line, 2);
  const double e1[] = {1, 1, 2, 4}, e2[] = {3, 2, 3, 6};
  for (int i = 0; i < 4; ++i) {
    CHECK(r1(i) == doctest::Approx(e1[i]));
    CHECK(r2(i) == doctest::Approx(e2[i]));
  }
  CHECK(metrics::knn_radii(row<float>({0, 1, 3, 7}), 3)(0) == doctest::Approx(7.0));
  // duplicates are neighbours at distance 0
  CHECK(metrics::knn_radii(row<double>({5, 5, 9}), 1)(0) == 0.0);
}

TEST_CASE("knn_radii: streamed radii match a brute-force sort for many blocks") {
  const auto x = normal<float>(3, 1500, 21);
  const auto r = metrics::knn_radii(x, 5);
  for (Index i = 0; i < x.cols(); i += 97) {
    std::vector<double> d;
    for (Index j = 0; j < x.cols(); ++j)
      if (j != i) d.push_back((x.col(i).cast<double>() - x.col(j).cast<double>()).norm());
    std::nth_element(d.begin(), d.begin() + 4, d.end());
    CHECK(r(i) == doctest::Approx(d[4]).epsilon(1e-4));
  }
}

TEST_CASE("mmd: hand-computed unbiased estimate and median-heuristic bandwidth") {
  const auto x = row<double>({0, 1}), y = row<double>({0, 2});
  // pooled pair distances 0, 1, 1, 1, 2, 2: the median is 1
  const auto m = metrics::mmd(x, y);
  CHECK(m.bandwidth == doctest::Approx(1.0));
  const double a = std::exp(-0.5), b = std::exp(-2.0);  // k at distance 1 and 2 with σ = 1
  const double expected = a + b - 2.0 * (1 + b + 2 * a) / 4.0;
  CHECK(m.mmd2 == doctest::Approx(expected));
  // a given bandwidth is used as is: σ = 2 → k(1) = e^{-1/8}, k(2) = e^{-1/2}
  const auto m2 = metrics::mmd(x, y, {.bandwidth = 2.0});
  const double a2 = std::exp(-0.125), b2 = std::exp(-0.5);
  CHECK(m2.bandwidth == 2.0);
  CHECK(m2.mmd2 == doctest::Approx(a2 + b2 - (1 + b2 + 2 * a2) / 2.0));
}

TEST_CASE("mmd: unbiased — averaged over independent draws of one distribution it is 0 within noise") {
  // For 2-d N(0, I) and σ = 1, E k(x, x') = 1/3, so the biased (V-statistic) estimator would
  // average (1/m + 1/n)(1 − 1/3) ≈ 0.027 at m = n = 50. The null distribution of MMD²_u is
  // skewed (mostly small negative values, a long right tail), hence many repetitions.
  double sum = 0, sum2 = 0;
  int negative = 0;
  const int reps = 200;
  for (int r = 0; r < reps; ++r) {
    const auto v = metrics::mmd(normal(2, 50, 1000 + r), normal(2, 50, 5000 + r), {.bandwidth = 1.0}).mmd2;
    sum += v, sum2 += v * v;
    negative += v < 0;
  }
  const double mean = sum / reps, se = std::sqrt((sum2 / reps - mean * mean) / reps);
  INFO("mean " << mean << ", standard error " << se);
  CHECK(std::abs(mean) < 4 * se);
  CHECK(std::abs(mean) < 0.005);
  CHECK(negative > reps / 4);  // an unbiased estimate of 0 goes below 0 often
}

TEST_CASE_TEMPLATE("mmd and energy_distance: identical, shifted and collapsed sets; float against double", T, float,
                   double) {
  const auto x = normal<T>(4, 600, 31), same = normal<T>(4, 600, 32);
  auto shifted = normal<T>(4, 600, 33);
  shifted.row(0).array() += T(1.5);
  const HostMatrix<T> collapsed = HostMatrix<T>::Zero(4, 600);

  const auto near = metrics::mmd(x, same), far = metrics::mmd(x, shifted), point = metrics::mmd(x, collapsed);
  CHECK(std::abs(near.mmd2) < 0.01);
  CHECK(far.mmd2 > 10 * std::abs(near.mmd2));
  CHECK(far.mmd2 > 0.05);
  CHECK(point.mmd2 > far.mmd2);
  CHECK(metrics::mmd(x, x).mmd2 < 0);  // unbiased: x against itself is below 0 by 2·mean k / (m−1)

  CHECK(metrics::energy_distance(x, x) == doctest::Approx(0.0).epsilon(1e-6));
  const double e_near = metrics::energy_distance(x, same), e_far = metrics::energy_distance(x, shifted);
  CHECK(e_near < 0.05);
  CHECK(e_far > 10 * e_near);
  CHECK(metrics::energy_distance(x, collapsed) > e_far);

  // the same sets in double give the same numbers (float keeps ~6 digits)
  const HostMatrix<double> xd = x.template cast<double>(), sd = shifted.template cast<double>();
  CHECK(metrics::mmd(xd, sd).mmd2 == doctest::Approx(far.mmd2).epsilon(1e-4));
  CHECK(metrics::energy_distance(xd, sd) == doctest::Approx(e_far).epsilon(1e-4));
}

TEST_CASE("energy_distance: hand-computed") {
  CHECK(metrics::energy_distance(row<double>({0}), row<double>({1})) == doctest::Approx(2.0));
  // 2·(1 + 1)/2 − (0 + 2 + 2 + 0)/4 − 0 = 1
  CHECK(metrics::energy_distance(row<double>({0, 2}), row<double>({1})) == doctest::Approx(1.0));
  // far apart: 2·E|X − Y| dominates
  CHECK(metrics::energy_distance(row<float>({0, 1}), row<float>({100, 101})) == doctest::Approx(2 * 100 - 0.5 - 0.5));
}

TEST_CASE("sliced_wasserstein: exact in 1-d, translation in 2-d, sets of different sizes") {
  // in 1-d every direction is ±1, so SW_p = W_p
  CHECK(metrics::sliced_wasserstein(row<double>({0, 1}), row<double>({3, 2}), {.projections = 3}) ==
        doctest::Approx(2.0));
  CHECK(metrics::sliced_wasserstein(row<double>({0}), row<double>({0, 1}), {.projections = 2}) ==
        doctest::Approx(std::sqrt(0.5)));
  CHECK(metrics::sliced_wasserstein(row<float>({0}), row<float>({0, 1}), {.projections = 2, .p = 1}) ==
        doctest::Approx(0.5));
  // 1/3 of the mass at each of 0, 1, 2 against 1/2 at each of 0, 2: quantiles differ on [1/3, 2/3] by 1 on half
  CHECK(metrics::sliced_wasserstein(row<double>({2, 0, 1}), row<double>({0, 2}), {.projections = 1, .p = 1}) ==
        doctest::Approx(1.0 / 3.0));

  // a translated copy: W₂ along θ is |θ·v|, and E(θ·v)² = ‖v‖²/d for θ uniform on the sphere
  const auto x = normal<double>(2, 300, 41);
  HostMatrix<double> y = x;
  y.row(0).array() += 3.0;
  y.row(1).array() -= 4.0;
  const double sw = metrics::sliced_wasserstein(x, y, {.projections = 4000, .seed = 5});
  CHECK(sw == doctest::Approx(5.0 / std::sqrt(2.0)).epsilon(0.03));
  CHECK(metrics::sliced_wasserstein(x, x) == 0.0);
}

TEST_CASE("sliced_wasserstein: seeded — same seed same value, and the Rng overload advances the stream") {
  const auto x = normal<float>(3, 200, 51);
  auto y = normal<float>(3, 150, 52);
  y.row(2).array() *= 3.0f;
  const double a = metrics::sliced_wasserstein(x, y, {.projections = 16, .seed = 1});
  CHECK(metrics::sliced_wasserstein(x, y, {.projections = 16, .seed = 1}) == a);
  CHECK(metrics::sliced_wasserstein(x, y, {.projections = 16, .seed = 2}) != a);
  Rng rng(9);
  const double first = metrics::sliced_wasserstein(x, y, rng, {.projections = 16});
  const double second = metrics::sliced_wasserstein(x, y, rng, {.projections = 16});
  CHECK(first != second);
  const double many = metrics::sliced_wasserstein(x, y, {.projections = 2000, .seed = 3});
  CHECK(many == doctest::Approx(metrics::sliced_wasserstein(x.cast<double>().eval(), y.cast<double>().eval(),
                                                            {.projections = 2000, .seed = 3}))
                    .epsilon(1e-5));
}

TEST_CASE("distances: bad input is reported with the value") {
  const auto x = normal(2, 10, 1);
  const auto wide = normal(3, 10, 2);
  HostMatrix<double> nan = normal(2, 10, 3);
  nan(1, 4) = NAN;
  const HostMatrix<double> empty(2, 0);
  CHECK_THROWS_WITH_AS(metrics::squared_distances(x, wide), doctest::Contains("have 2 features but the second"), Error);
  CHECK_THROWS_WITH_AS(metrics::squared_distances(x, empty), doctest::Contains("got 0"), Error);
  CHECK_THROWS_WITH_AS(metrics::mmd(x, nan), doctest::Contains("second sample 4"), Error);
  CHECK_THROWS_WITH_AS(metrics::mmd(x, x.leftCols(1)), doctest::Contains("at least 2 second samples, got 1"), Error);
  CHECK_THROWS_WITH_AS(metrics::mmd(x, x, {.bandwidth = -1}), doctest::Contains("got -1"), Error);
  CHECK_THROWS_WITH_AS(metrics::energy_distance(nan, x), doctest::Contains("first sample 4"), Error);
  CHECK_THROWS_WITH_AS(metrics::sliced_wasserstein(x, wide), doctest::Contains("3"), Error);
  CHECK_THROWS_WITH_AS(metrics::sliced_wasserstein(x, x, {.projections = 0}), doctest::Contains("got 0"), Error);
  CHECK_THROWS_WITH_AS(metrics::sliced_wasserstein(x, x, {.p = 0.5}), doctest::Contains("got 0.5"), Error);
  CHECK_THROWS_WITH_AS(metrics::knn_radii(x, 10), doctest::Contains("k = 10"), Error);
  CHECK_THROWS_WITH_AS(metrics::knn_radii(x, 0), doctest::Contains("got 0"), Error);
}
