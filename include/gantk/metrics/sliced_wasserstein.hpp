// Sliced Wasserstein distance (Rabin, Peyré, Delon, Bernot 2011; Bonneel, Rabin, Peyré, Pfister,
// "Sliced and Radon Wasserstein Barycenters of Measures", JMIV 2015): the mean over random
// directions of the 1-d Wasserstein distance between the projected samples.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <Eigen/Core>

#include <gantk/foundation/rng.hpp>
#include <gantk/metrics/detail/samples.hpp>
#include <gantk/metrics/detail/serial_product.hpp>

#if GANTK_HAS_OPENMP
#include <omp.h>
#endif

namespace gantk::metrics {

/// Settings of sliced_wasserstein().
struct SlicedWassersteinOptions {
  int projections = 128;     ///< random directions, uniform on the unit sphere
  double p = 2;              ///< order of the Wasserstein distance (≥ 1)
  std::uint64_t seed = 0;    ///< seed of the directions (ignored by the overload that takes an Rng)
};

namespace detail {

/// W_p^p between the uniform empirical measures on sorted a (m values) and sorted b (n values):
/// ∫₀¹ |F⁻¹(t) − G⁻¹(t)|^p dt, walking the quantile functions' breakpoints in units of 1/(mn).
inline double wasserstein_1d_pow(const double* a, Index m, const double* b, Index n, double p) {
  Index i = 0, j = 0, done = 0;
  double total = 0;
  while (i < m && j < n) {
    const Index next_a = (i + 1) * n, next_b = (j + 1) * m;
    const Index next = std::min(next_a, next_b);
    const double gap = std::abs(a[i] - b[j]);
    total += static_cast<double>(next - done) * (p == 2 ? gap * gap : p == 1 ? gap : std::pow(gap, p));
    done = next;
    if (next_a == next) ++i;
    if (next_b == next) ++j;
  }
  return total / (static_cast<double>(m) * static_cast<double>(n));
}

}  // namespace detail

/// SW_p(x, y) = ( 1/L Σₗ W_p^p(θₗᵀx, θₗᵀy) )^{1/p} with L random unit directions θₗ drawn from
/// `rng` (normalised Gaussian vectors). In 1-d it is exactly W_p. Sets may differ in size.
/// @param x  d × m samples;  @param y  d × n samples
/// @throws gantk::Error on empty sets, different widths, non-finite values, or bad options.
template <class DX, class DY>
double sliced_wasserstein(const Eigen::MatrixBase<DX>& x, const Eigen::MatrixBase<DY>& y, Rng& rng,
                          SlicedWassersteinOptions options = {}) {
  detail::check_samples("sliced_wasserstein", "first", x);
  detail::check_samples("sliced_wasserstein", "second", y);
  detail::check_same_width("sliced_wasserstein", x, "first", y, "second");
  GANTK_CHECK(options.projections >= 1, "sliced_wasserstein: projections must be at least 1, got ", options.projections);
  GANTK_CHECK(options.p >= 1 && std::isfinite(options.p), "sliced_wasserstein: p must be finite and ≥ 1, got ", options.p);
  const Index d = x.rows(), L = options.projections;
  Eigen::MatrixXd theta(d, L);
  rng.fill_normal(theta.data(), theta.size());
  for (Index l = 0; l < L; ++l) {
    const double norm = theta.col(l).norm();
    if (norm > 0) theta.col(l) /= norm;
    else theta(0, l) = 1;  // probability 0, but keep the direction a unit vector
  }
  // rows are projections: sorting a row sorts one projected set
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  RowMajor px = detail::serial_product<double>(theta, Op::T, x.template cast<double>(), Op::N);
  RowMajor py = detail::serial_product<double>(theta, Op::T, y.template cast<double>(), Op::N);
  Eigen::VectorXd w(L);
  const Index m = px.cols(), n = py.cols();
#if GANTK_HAS_OPENMP
#pragma omp parallel for schedule(dynamic, 4) if (L * (m + n) > 100000)
#endif
  for (Index l = 0; l < L; ++l) {
    double* a = px.row(l).data();
    double* b = py.row(l).data();
    std::sort(a, a + m);
    std::sort(b, b + n);
    w(l) = detail::wasserstein_1d_pow(a, m, b, n, options.p);
  }
  return std::pow(w.mean(), 1.0 / options.p);
}

/// sliced_wasserstein() with directions drawn from Rng(options.seed).
template <class DX, class DY>
double sliced_wasserstein(const Eigen::MatrixBase<DX>& x, const Eigen::MatrixBase<DY>& y,
                          SlicedWassersteinOptions options = {}) {
  Rng rng(options.seed, 0x534c4943);  // stream "SLIC": independent of other users of the same seed
  return sliced_wasserstein(x, y, rng, options);
}

}  // namespace gantk::metrics
