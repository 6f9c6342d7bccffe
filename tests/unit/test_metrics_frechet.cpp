// Fréchet distance between Gaussian fits: closed forms in 1-d, for diagonal and for
// non-commuting 2 × 2 covariances; stability when the covariances are singular.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/data/dataset.hpp>
#include <gantk/metrics/frechet_distance.hpp>

using namespace gantk;

namespace {
HostMatrix<double> normal(Index d, Index n, std::uint64_t seed) {
  HostMatrix<double> x(d, n);
  Rng rng(seed);
  rng.fill_normal(x.data(), x.size(), 0.0, 1.0);
  return x;
}
metrics::GaussianFit fit(Eigen::VectorXd mean, Eigen::MatrixXd cov) { return {std::move(mean), std::move(cov), 100}; }
}  // namespace

TEST_CASE("gaussian_fit: mean and unbiased covariance, hand-computed") {
  HostMatrix<double> x(2, 3);
  x << 1, 2, 3, 0, 0, 3;
  const auto f = metrics::gaussian_fit(x);
  CHECK(f.mean(0) == doctest::Approx(2));
  CHECK(f.mean(1) == doctest::Approx(1));
  CHECK(f.covariance(0, 0) == doctest::Approx(1.0));  // (1 + 0 + 1)/2
  CHECK(f.covariance(1, 1) == doctest::Approx(3.0));  // (1 + 1 + 4)/2
  CHECK(f.covariance(0, 1) == doctest::Approx(1.5));  // (1·1 + 0 + 1·2)/2
  CHECK(f.samples == 3);
}

TEST_CASE("frechet_distance: closed forms") {
  // 1-d: (μ₁ − μ₂)² + (σ₁ − σ₂)²
  CHECK(metrics::frechet_distance(fit(Eigen::VectorXd::Constant(1, 1.0), Eigen::MatrixXd::Constant(1, 1, 4.0)),
                                  fit(Eigen::VectorXd::Constant(1, 3.0), Eigen::MatrixXd::Constant(1, 1, 9.0))) ==
        doctest::Approx(4.0 + 1.0));
  // diagonal covariances: Σ (σ₁ᵢ − σ₂ᵢ)²
  const Eigen::Vector3d zero = Eigen::Vector3d::Zero();
  CHECK(metrics::frechet_distance(fit(zero, Eigen::Vector3d(1, 4, 9).asDiagonal().toDenseMatrix()),
                                  fit(zero, Eigen::Vector3d(4, 4, 1).asDiagonal().toDenseMatrix())) ==
        doctest::Approx(1.0 + 0.0 + 4.0));
  // non-commuting 2 × 2: tr √(Σ₁Σ₂) = √(tr(Σ₁Σ₂) + 2√(det Σ₁ det Σ₂)) for a product with positive eigenvalues
  Eigen::Matrix2d a, b;
  a << 2, 1, 1, 1;
  b << 1, -0.5, -0.5, 3;
  const double tr_sqrt = std::sqrt((a * b).trace() + 2 * std::sqrt(a.determinant() * b.determinant()));
  CHECK(metrics::trace_sqrt_product(a, b) == doctest::Approx(tr_sqrt));
  CHECK(metrics::trace_sqrt_product(b, a) == doctest::Approx(tr_sqrt));
  const Eigen::Vector2d ma(1, 0), mb(0, 2);
  CHECK(metrics::frechet_distance(fit(ma, a), fit(mb, b)) == doctest::Approx(5.0 + a.trace() + b.trace() - 2 * tr_sqrt));
}

TEST_CASE_TEMPLATE("frechet_distance: samples — identical, shifted, collapsed; float and double", T, float, double) {
  const HostMatrix<T> x = normal(3, 4000, 1).cast<T>(), y = normal(3, 4000, 2).cast<T>();
  CHECK(metrics::frechet_distance(x, x) == doctest::Approx(0.0).epsilon(1e-9));
  CHECK(metrics::frechet_distance(x, y) < 0.02);  // two draws of N(0, I)
  // translating y by v changes only the mean term: ‖μx − μy − v‖² replaces ‖μx − μy‖²
  HostMatrix<T> shifted = y;
  shifted.row(1).array() += T(2);
  const Eigen::Vector3d v(0, 2, 0);
  const Eigen::Vector3d gap = x.template cast<double>().rowwise().mean() - y.template cast<double>().rowwise().mean();
  const double expected = metrics::frechet_distance(x, y) - gap.squaredNorm() + (gap - v).squaredNorm();
  CHECK(metrics::frechet_distance(x, shifted) == doctest::Approx(expected).epsilon(1e-5));
  CHECK(expected == doctest::Approx(4.0).epsilon(0.1));
  // a set collapsed to a point: the whole trace of Σ₁ counts, ≈ d for N(0, I)
  const HostMatrix<T> point = HostMatrix<T>::Zero(3, 50);
  CHECK(metrics::frechet_distance(x, point) == doctest::Approx(3.0).epsilon(0.05));
}

TEST_CASE("frechet_distance: stable with singular covariances (fewer samples than features)") {
  // 20 samples in 64-d: both covariances have rank ≤ 19; Σ₁Σ₂ is far from symmetric
  const auto x = normal(64, 20, 3), y = normal(64, 20, 4);
  const double d = metrics::frechet_distance(x, y);
  CHECK(std::isfinite(d));
  CHECK(d > 0);
  CHECK(metrics::frechet_distance(x, x) < 1e-8 * metrics::gaussian_fit(x).covariance.trace());
  // symmetric in its arguments
  CHECK(metrics::frechet_distance(y, x) == doctest::Approx(d).epsilon(1e-8));
  // and in a feature space
  const auto first_two = [](const HostMatrix<double>& s) { return HostMatrix<double>(s.topRows(2)); };
  CHECK(metrics::frechet_distance(x, y, first_two) ==
        doctest::Approx(metrics::frechet_distance(first_two(x), first_two(y))));
}

TEST_CASE("frechet_distance: bad input is reported with the value") {
  CHECK_THROWS_WITH_AS(metrics::frechet_distance(normal(2, 10, 1), normal(3, 10, 2)), doctest::Contains("3"), Error);
  CHECK_THROWS_WITH_AS(metrics::frechet_distance(normal(2, 1, 1), normal(2, 10, 2)), doctest::Contains("got 1"), Error);
  HostMatrix<double> nan = normal(2, 10, 1);
  nan(0, 3) = NAN;
  CHECK_THROWS_WITH_AS(metrics::frechet_distance(normal(2, 10, 1), nan), doctest::Contains("second sample 3"), Error);
  CHECK_THROWS_WITH_AS(metrics::frechet_distance(fit(Eigen::Vector2d::Zero(), Eigen::Matrix2d::Identity()),
                                                 fit(Eigen::Vector3d::Zero(), Eigen::Matrix3d::Identity())),
                       doctest::Contains("2 and 3"), Error);
}
