// Fréchet distance between Gaussian fits of two feature sets — the FID of Heusel, Ramsauer,
// Unterthiner, Nessler, Hochreiter (NeurIPS 2017) when the features come from Inception; here
// any features (raw samples or a feature map) will do.
#pragma once

#include <algorithm>
#include <cmath>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <gantk/metrics/detail/serial_product.hpp>
#include <gantk/metrics/feature_map.hpp>

namespace gantk::metrics {

/// Mean and covariance of a sample set (the unbiased covariance, denominator n − 1).
struct GaussianFit {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
  Index samples = 0;
};

/// Fits a Gaussian to the columns of x (d × n, n ≥ 2), in double precision.
template <class Derived>
GaussianFit gaussian_fit(const Eigen::MatrixBase<Derived>& x) {
  detail::check_samples("gaussian_fit", "input", x, 2);
  const Eigen::MatrixXd a = x.template cast<double>();
  GaussianFit fit;
  fit.samples = a.cols();
  fit.mean = a.rowwise().mean();
  const Eigen::MatrixXd centred = a.colwise() - fit.mean;
  fit.covariance = detail::serial_product(centred, Op::N, centred, Op::T) / static_cast<double>(a.cols() - 1);
  return fit;
}

/// tr √(Σ₁^{1/2} Σ₂ Σ₁^{1/2}) = tr √(Σ₁Σ₂), from two symmetric eigendecompositions: Σ₁^{1/2}
/// is formed from Σ₁'s eigenpairs, and Σ₁^{1/2} Σ₂ Σ₁^{1/2} is symmetric positive semi-definite,
/// so its square root needs only its eigenvalues (clamped at 0 against rounding). Unlike a general
/// sqrtm of the non-symmetric product Σ₁Σ₂, this stays real and stable for singular covariances
/// (fewer samples than features).
/// A template only so that the eigensolver is compiled where this is called: as a plain inline
/// function it cost every file that includes <gantk/gantk.hpp> ~4 s of instantiation.
template <class = void>
double trace_sqrt_product(const Eigen::MatrixXd& s1, const Eigen::MatrixXd& s2) {
  GANTK_CHECK(s1.rows() == s1.cols() && s2.rows() == s2.cols() && s1.rows() == s2.rows(),
              "trace_sqrt_product: covariances of shape ", s1.rows(), " × ", s1.cols(), " and ", s2.rows(), " × ",
              s2.cols());
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> e1(s1);
  GANTK_CHECK(e1.info() == Eigen::Success, "trace_sqrt_product: the eigendecomposition of Σ₁ did not converge");
  const Eigen::VectorXd root = e1.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  const Eigen::MatrixXd scaled = e1.eigenvectors() * root.asDiagonal();  // V √Λ, so Σ₁^{1/2} = (V √Λ) Vᵀ
  const Eigen::MatrixXd half = detail::serial_product(scaled, Op::N, e1.eigenvectors(), Op::T);
  Eigen::MatrixXd m = detail::serial_product(detail::serial_product(half, Op::N, s2, Op::N), Op::N, half, Op::N);
  m = 0.5 * (m + m.transpose());  // symmetric in exact arithmetic; make it so in floating point
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> e2(m, Eigen::EigenvaluesOnly);
  GANTK_CHECK(e2.info() == Eigen::Success, "trace_sqrt_product: the eigendecomposition of Σ₁^½Σ₂Σ₁^½ did not converge");
  return e2.eigenvalues().cwiseMax(0.0).cwiseSqrt().sum();
}

/// Squared Fréchet (2-Wasserstein) distance between N(μ₁, Σ₁) and N(μ₂, Σ₂):
///   d² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2})   (Dowson & Landau 1982).
/// Clamped at 0 (rounding only can take it below). A template for trace_sqrt_product's reason.
template <class = void>
double frechet_distance(const GaussianFit& a, const GaussianFit& b) {
  GANTK_CHECK(a.mean.size() == b.mean.size(), "frechet_distance: the fits have ", a.mean.size(), " and ",
              b.mean.size(), " features");
  const double d2 = (a.mean - b.mean).squaredNorm() + a.covariance.trace() + b.covariance.trace() -
                    2.0 * trace_sqrt_product(a.covariance, b.covariance);
  return std::max(d2, 0.0);
}

/// Squared Fréchet distance between Gaussian fits of x (d × m) and y (d × n); the "FID" when x
/// and y are Inception features. Computed in double precision.
/// @throws gantk::Error on fewer than 2 samples, different widths or non-finite values.
template <class DX, class DY>
double frechet_distance(const Eigen::MatrixBase<DX>& x, const Eigen::MatrixBase<DY>& y) {
  detail::check_samples("frechet_distance", "first", x, 2);
  detail::check_samples("frechet_distance", "second", y, 2);
  detail::check_same_width("frechet_distance", x, "first", y, "second");
  return frechet_distance(gaussian_fit(x), gaussian_fit(y));
}

/// frechet_distance() between the fits of features(x) and features(y).
template <class DX, class DY, class F>
  requires FeatureMap<F, typename DX::Scalar> && FeatureMap<F, typename DY::Scalar>
double frechet_distance(const Eigen::MatrixBase<DX>& x, const Eigen::MatrixBase<DY>& y, const F& features) {
  return frechet_distance(detail::map_features("frechet_distance", "first", features, x),
                          detail::map_features("frechet_distance", "second", features, y));
}

}  // namespace gantk::metrics
