// Distance from every sample to its k-th nearest neighbour within its own set: the radius of
// the k-NN ball that approximates a manifold in the precision/recall and density/coverage
// metrics.
#pragma once

#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include <gantk/metrics/pairwise_distances.hpp>

namespace gantk::metrics {

namespace detail {

/// Squared k-NN radii of the columns of x (the sample itself excluded), streamed block by
/// block: memory is one distance block per thread, never the n × n matrix.
template <class T>
Vector<double> knn_squared_radii(const Matrix<T>& x, int k) {
  Vector<double> out(x.cols());
  for_each_query_distances<T>(x, x, [&](Index i, const auto& d2) {
    // the k smallest distances seen so far, ascending; k is small, so insertion beats a heap
    T best[64];
    std::vector<T> large;
    T* smallest = best;
    if (k > 64) {
      large.resize(static_cast<std::size_t>(k));
      smallest = large.data();
    }
    std::fill(smallest, smallest + k, std::numeric_limits<T>::infinity());
    for (Index j = 0; j < d2.size(); ++j) {
      const T v = d2(j);
      if (v >= smallest[k - 1] || j == i) continue;
      int p = k - 1;
      while (p > 0 && smallest[p - 1] > v) {
        smallest[p] = smallest[p - 1];
        --p;
      }
      smallest[p] = v;
    }
    out(i) = static_cast<double>(smallest[k - 1]);
  });
  return out;
}

}  // namespace detail

/// Distance from each sample (column of x) to its k-th nearest other sample of x.
/// @param x  d × n samples
/// @param k  neighbour rank, 1 ≤ k < n
/// @throws gantk::Error when k is out of range or x is empty or non-finite.
template <class Derived>
Eigen::VectorXd knn_radii(const Eigen::MatrixBase<Derived>& x, int k) {
  GANTK_CHECK(k >= 1, "knn_radii: k must be at least 1, got ", k);
  GANTK_CHECK(x.cols() > k, "knn_radii: k = ", k, " needs more than k samples, got ", x.cols());
  detail::check_samples("knn_radii", "input", x);
  const auto m = detail::to_matrix<detail::work_scalar_t<Derived>>(x);
  return detail::knn_squared_radii(m, k).cwiseSqrt();
}

}  // namespace gantk::metrics
