// Precision/recall (Kynkäänniemi et al. 2019) and density/coverage (Naeem et al. 2020):
// hand-computed k-NN balls, identical / disjoint / collapsed sets, lost modes, feature maps.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/density_coverage.hpp>
#include <gantk/metrics/precision_recall.hpp>

using namespace gantk;

namespace {
template <class T = double>
HostMatrix<T> row(std::initializer_list<T> v) {
  HostMatrix<T> x(1, static_cast<Index>(v.size()));
  Index j = 0;
  for (T a : v) x(0, j++) = a;
  return x;
}
// the ring's first `keep` modes only: a generator that lost the others
data::GaussianMixture ring_part(int keep) {
  const auto ring = data::Ring{}.dataset();
  return data::GaussianMixture(ring.centers().leftCols(keep), ring.stddev());
}
}  // namespace

TEST_CASE_TEMPLATE("precision_recall: hand-computed k-NN balls (k = 1)", T, float, double) {
  // real 0, 1, 3 → radii 1, 1, 2 → closed balls [−1, 1], [0, 2], [1, 5]
  const auto real = row<T>({0, 1, 3});
  // fakes 0.5 and 2.5 fall in a real ball, 6 in none
  auto pr = metrics::precision_recall(real, row<T>({0.5, 2.5, 6}), {.k = 1});
  CHECK(pr.precision == doctest::Approx(2.0 / 3.0));
  // fake radii 2, 2, 3.5 → balls [−1.5, 2.5], [0.5, 4.5], [2.5, 9.5] hold every real sample
  CHECK(pr.recall == doctest::Approx(1.0));
  // fakes 0, 0.2, 0.4 (radii 0.2) sit inside real balls but their balls hold only the real 0
  pr = metrics::precision_recall(real, row<T>({0, 0.2, 0.4}), {.k = 1});
  CHECK(pr.precision == doctest::Approx(1.0));
  CHECK(pr.recall == doctest::Approx(1.0 / 3.0));
}

TEST_CASE_TEMPLATE("density_coverage: hand-computed k-NN balls (k = 1)", T, float, double) {
  // real 0, 1, 3 → open balls (−1, 1), (0, 2), (1, 5)
  const auto real = row<T>({0, 1, 3});
  // 0.5 lies in two balls, 2.5 in one, 6 in none: density (2 + 1 + 0)/(1·3); every real ball holds a fake
  auto dc = metrics::density_coverage(real, row<T>({0.5, 2.5, 6}), {.k = 1});
  CHECK(dc.density == doctest::Approx(1.0));
  CHECK(dc.coverage == doctest::Approx(1.0));
  // 0.5 and 0.6 lie in two balls each; the ball of 3 (radius 2) holds no fake
  dc = metrics::density_coverage(real, row<T>({0.5, 0.6, 6}), {.k = 1});
  CHECK(dc.density == doctest::Approx(4.0 / 3.0));
  CHECK(dc.coverage == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("precision/recall and density/coverage: identical, disjoint and collapsed sets") {
  const auto ring = data::Ring{}.dataset();
  Rng rng(3);
  const auto real = ring.draw<double>(400, rng);

  const auto same_pr = metrics::precision_recall(real, real);
  CHECK(same_pr.precision == 1.0);
  CHECK(same_pr.recall == 1.0);
  const auto same_dc = metrics::density_coverage(real, real);
  CHECK(same_dc.density == doctest::Approx(1.0));  // each ball holds its centre and k − 1 neighbours
  CHECK(same_dc.coverage == 1.0);

  HostMatrix<double> far = real;
  far.array() += 10.0;
  const auto far_pr = metrics::precision_recall(real, far);
  const auto far_dc = metrics::density_coverage(real, far);
  CHECK(far_pr.precision == 0.0);
  CHECK(far_pr.recall == 0.0);
  CHECK(far_dc.density == 0.0);
  CHECK(far_dc.coverage == 0.0);

  // every fake at one point next to real sample 0: inside the real manifold, but its own balls
  // have radius 0. (Off the real sample by 1e-4 so that no real ball has it exactly on its boundary.)
  const Eigen::Vector2d point = real.col(0) + Eigen::Vector2d(1e-4, 0);
  const HostMatrix<double> collapsed = point.replicate(1, 300);
  const auto col_pr = metrics::precision_recall(real, collapsed);
  CHECK(col_pr.precision == 1.0);
  CHECK(col_pr.recall == 0.0);
  CHECK(metrics::precision_recall(real, HostMatrix<double>(real.col(0).replicate(1, 300))).recall ==
        doctest::Approx(1.0 / 400));  // exactly on real sample 0: that one sample is recalled
  // by hand: the real balls (k = 5) that contain the point
  const auto radii = metrics::knn_radii(real, 5);
  int holding = 0;
  for (Index i = 0; i < real.cols(); ++i) holding += (real.col(i) - point).norm() < radii(i);
  CHECK(holding >= 1);
  const auto col_dc = metrics::density_coverage(real, collapsed);
  CHECK(col_dc.density == doctest::Approx(holding / 5.0));
  CHECK(col_dc.coverage == doctest::Approx(holding / 400.0));
}

TEST_CASE("precision/recall and density/coverage: a generator that lost half the ring's modes") {
  const auto ring = data::Ring{}.dataset();
  Rng rng(7);
  const auto real = ring.draw<float>(1000, rng);
  const auto half = ring_part(4).draw<float>(1000, rng);
  const auto full = ring.draw<float>(1000, rng);

  const auto pr_half = metrics::precision_recall(real, half), pr_full = metrics::precision_recall(real, full);
  const auto dc_half = metrics::density_coverage(real, half), dc_full = metrics::density_coverage(real, full);
  INFO("half: P " << pr_half.precision << " R " << pr_half.recall << " D " << dc_half.density << " C "
                  << dc_half.coverage << "; full: P " << pr_full.precision << " R " << pr_full.recall << " D "
                  << dc_full.density << " C " << dc_full.coverage);
  CHECK(pr_half.precision > 0.9);  // every fake is realistic ...
  CHECK(pr_half.recall == doctest::Approx(0.5).epsilon(0.15));  // ... but half the data is missing
  CHECK(dc_half.coverage == doctest::Approx(0.5).epsilon(0.15));
  CHECK(pr_full.recall > 0.9);
  CHECK(dc_full.coverage > 0.9);
  CHECK(dc_full.density == doctest::Approx(1.0).epsilon(0.2));

  // the same numbers in double (up to ties decided by float rounding)
  const auto pr_d = metrics::precision_recall(real.cast<double>().eval(), half.cast<double>().eval());
  CHECK(pr_d.recall == doctest::Approx(pr_half.recall).epsilon(0.01));
  CHECK(pr_d.precision == doctest::Approx(pr_half.precision).epsilon(0.01));
}

TEST_CASE("precision/recall and density/coverage: in the space of a feature map") {
  // the feature map keeps the angle only: (cos, sin) of each point → a 2-d unit vector
  const auto to_unit_circle = [](const HostMatrix<double>& x) {
    HostMatrix<double> f = x;
    for (Index j = 0; j < x.cols(); ++j) f.col(j) /= x.col(j).norm();
    return f;
  };
  const auto ring = data::Ring{}.dataset();
  Rng rng(8);
  const auto real = ring.draw<double>(300, rng);
  HostMatrix<double> scaled = ring.draw<double>(300, rng);
  scaled *= 3.0;  // off the ring in the raw space, on it in the feature space
  CHECK(metrics::precision_recall(real, scaled).precision == 0.0);
  const auto pr = metrics::precision_recall(real, scaled, to_unit_circle);
  const auto direct = metrics::precision_recall(to_unit_circle(real), to_unit_circle(scaled));
  CHECK(pr.precision == direct.precision);
  CHECK(pr.recall == direct.recall);
  CHECK(pr.precision > 0.9);
  const auto dc = metrics::density_coverage(real, scaled, to_unit_circle, {.k = 3});
  const auto dc_direct = metrics::density_coverage(to_unit_circle(real), to_unit_circle(scaled), {.k = 3});
  CHECK(dc.coverage == dc_direct.coverage);
  CHECK(dc.density == dc_direct.density);

  const auto drops_a_column = [](const HostMatrix<double>& x) { return HostMatrix<double>(x.leftCols(x.cols() - 1)); };
  CHECK_THROWS_WITH_AS(metrics::precision_recall(real, scaled, drops_a_column), doctest::Contains("299 columns for 300"),
                       Error);
}

TEST_CASE("precision/recall and density/coverage: bad input is reported with the value") {
  const auto a = row<double>({0, 1, 2, 3}), b = row<double>({0, 1, 2, 3, 4});
  CHECK_THROWS_WITH_AS(metrics::precision_recall(a, b, {.k = 4}), doctest::Contains("k = 4 needs more than k real samples, got 4"),
                       Error);
  CHECK_THROWS_WITH_AS(metrics::precision_recall(b, a, {.k = 4}), doctest::Contains("fake samples, got 4"), Error);
  CHECK_THROWS_WITH_AS(metrics::precision_recall(a, b, {.k = 0}), doctest::Contains("got 0"), Error);
  CHECK_THROWS_WITH_AS(metrics::density_coverage(a, b), doctest::Contains("k = 5 needs more than k real samples, got 4"),
                       Error);
  HostMatrix<double> wide = HostMatrix<double>::Zero(2, 10);
  CHECK_THROWS_WITH_AS(metrics::density_coverage(b, wide, {.k = 1}), doctest::Contains("1 features but the fake samples have 2"),
                       Error);
  HostMatrix<float> nan = row<float>({0, 1, 2, 3, 4});
  nan(0, 3) = INFINITY;
  CHECK_THROWS_WITH_AS(metrics::density_coverage(row<float>({0, 1, 2}), nan, {.k = 1}), doctest::Contains("fake sample 3"),
                       Error);
  CHECK_THROWS_WITH_AS(metrics::precision_recall(nan, row<float>({0, 1, 2}), {.k = 1}), doctest::Contains("inf"), Error);
}
