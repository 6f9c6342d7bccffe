// Maximum mean discrepancy with a Gaussian kernel (Gretton, Borgwardt, Rasch, Schölkopf, Smola,
// "A Kernel Two-Sample Test", JMLR 2012): the unbiased estimator MMD²_u and the median heuristic
// for the bandwidth.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include <Eigen/Core>

#include <gantk/metrics/feature_map.hpp>
#include <gantk/metrics/pairwise_distances.hpp>

namespace gantk::metrics {

/// Settings of mmd().
struct MmdOptions {
  double bandwidth = 0;         ///< σ of k(x, y) = exp(−‖x − y‖² / 2σ²); 0 chooses it by the median heuristic
  Index median_samples = 1000;  ///< at most this many pooled samples (evenly strided) feed the median heuristic
};

/// The squared MMD and the bandwidth it used.
struct Mmd {
  double mmd2 = 0;       ///< unbiased estimate of MMD²; ≈ 0 (and may be slightly negative) for equal distributions
  double bandwidth = 0;  ///< σ of the Gaussian kernel
};

namespace detail {

// σ = median pairwise distance of the pooled samples (Gretton et al. 2012, §8); when more than
// half the pairs coincide the median is 0, and the root-mean-square distance is used instead.
template <class T>
double median_heuristic(const Matrix<T>& x, const Matrix<T>& y, Index cap) {
  const Index total = x.cols() + y.cols();
  const Index n = std::min(total, std::max<Index>(cap, 2));
  Matrix<T> pooled(x.rows(), n);
  for (Index t = 0; t < n; ++t) {
    const Index s = t * total / n;  // evenly strided: ordered data (by class, by time) is still spread
    pooled.col(t) = s < x.cols() ? x.col(s) : y.col(s - x.cols());
  }
  std::vector<double> d2;
  d2.reserve(static_cast<std::size_t>(n * (n - 1) / 2));
  std::vector<Vector<double>> rows(static_cast<std::size_t>(n));
  for_each_query_distances<T>(pooled, pooled, [&](Index i, const auto& d) {
    rows[static_cast<std::size_t>(i)] = d.head(i).template cast<double>();
  });
  for (const auto& r : rows) d2.insert(d2.end(), r.data(), r.data() + r.size());
  auto mid = d2.begin() + static_cast<std::ptrdiff_t>(d2.size() / 2);
  std::nth_element(d2.begin(), mid, d2.end());
  if (*mid > 0) return std::sqrt(*mid);
  double mean = 0;
  for (double v : d2) mean += v;
  mean /= static_cast<double>(d2.size());
  return mean > 0 ? std::sqrt(mean) : 1.0;  // all samples identical: any σ gives MMD² = 0
}

// Σᵢ Σⱼ k(qᵢ, rⱼ), leaving out j = i when the sets are the same object
template <class T>
double kernel_sum(const Matrix<T>& q, const Matrix<T>& r, double gamma) {
  const bool same = &q == &r;
  Eigen::VectorXd row(q.cols());
  const T g = static_cast<T>(-gamma);
  for_each_query_distances<T>(q, r, [&](Index i, const auto& d2) {
    double s = static_cast<double>((d2.array() * g).exp().sum());
    if (same) s -= std::exp(static_cast<double>(d2(i)) * -gamma);  // the diagonal term, as computed
    row(i) = s;
  });
  return row.sum();
}

}  // namespace detail

/// Unbiased squared MMD between samples x (d × m) and y (d × n) with a Gaussian kernel:
///   MMD²_u = 1/(m(m−1)) Σ_{i≠j} k(xᵢ, xⱼ) + 1/(n(n−1)) Σ_{i≠j} k(yᵢ, yⱼ) − 2/(mn) Σᵢⱼ k(xᵢ, yⱼ).
/// (Gretton et al. 2012, Lemma 6.) Three streamed distance passes (GEMM, OpenMP).
/// @throws gantk::Error on fewer than 2 samples in a set, different widths, non-finite values or
///         a negative bandwidth.
template <class DX, class DY>
Mmd mmd(const Eigen::MatrixBase<DX>& x, const Eigen::MatrixBase<DY>& y, MmdOptions options = {}) {
  detail::check_samples("mmd", "first", x, 2);
  detail::check_samples("mmd", "second", y, 2);
  detail::check_same_width("mmd", x, "first", y, "second");
  GANTK_CHECK(options.bandwidth >= 0 && std::isfinite(options.bandwidth),
              "mmd: the bandwidth must be finite and ≥ 0 (0 = median heuristic), got ", options.bandwidth);
  GANTK_CHECK(options.median_samples >= 2, "mmd: median_samples must be at least 2, got ", options.median_samples);
  using T = std::common_type_t<detail::work_scalar_t<DX>, detail::work_scalar_t<DY>>;
  const auto a = detail::to_matrix<T>(x);
  const auto b = detail::to_matrix<T>(y);
  Mmd out;
  out.bandwidth = options.bandwidth > 0 ? options.bandwidth : detail::median_heuristic(a, b, options.median_samples);
  const double gamma = 1.0 / (2.0 * out.bandwidth * out.bandwidth);
  const double m = static_cast<double>(a.cols()), n = static_cast<double>(b.cols());
  out.mmd2 = detail::kernel_sum(a, a, gamma) / (m * (m - 1)) + detail::kernel_sum(b, b, gamma) / (n * (n - 1)) -
             2.0 * detail::kernel_sum(a, b, gamma) / (m * n);
  return out;
}

/// mmd() in the feature space of `features`.
template <class DX, class DY, class F>
  requires FeatureMap<F, typename DX::Scalar> && FeatureMap<F, typename DY::Scalar>
Mmd mmd(const Eigen::MatrixBase<DX>& x, const Eigen::MatrixBase<DY>& y, const F& features, MmdOptions options = {}) {
  return mmd(detail::map_features("mmd", "first", features, x), detail::map_features("mmd", "second", features, y),
             options);
}

}  // namespace gantk::metrics
