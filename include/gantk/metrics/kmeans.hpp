// k-means clustering (Lloyd's algorithm) with k-means++ seeding (Arthur & Vassilvitskii, SODA
// 2007): the bins of NDB and of the collapse monitor.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include <gantk/foundation/rng.hpp>
#include <gantk/metrics/pairwise_distances.hpp>

namespace gantk::metrics {

/// Settings of kmeans().
struct KMeansOptions {
  int clusters = 8;          ///< K
  int max_iterations = 100;  ///< Lloyd iterations at most (it stops earlier once no label changes)
  std::uint64_t seed = 0;    ///< seed of the k-means++ draws
};

/// A clustering of n samples into K clusters.
struct KMeans {
  Eigen::MatrixXd centroids;  ///< d × K
  std::vector<Index> labels;  ///< cluster of each sample
  Eigen::VectorXd sizes;      ///< samples per cluster (a cluster may end empty when samples repeat)
  double inertia = 0;         ///< Σ squared distance of each sample to its centroid
  int iterations = 0;         ///< Lloyd iterations run
};

namespace detail {

// nearest centroid of every column of x (ties → lower index) and its squared distance
template <class T>
void assign_nearest(const Matrix<T>& x, const Eigen::MatrixXd& centroids, std::vector<Index>& labels,
                    Eigen::VectorXd& d2min) {
  const Matrix<T> c = centroids.template cast<T>();
  labels.resize(static_cast<std::size_t>(x.cols()));
  d2min.resize(x.cols());
  for_each_query_distances<T>(x, c, [&](Index j, const auto& d2) {
    Index best = 0;
    d2min(j) = static_cast<double>(d2.minCoeff(&best));
    labels[static_cast<std::size_t>(j)] = best;
  });
}

template <class T>
Eigen::MatrixXd kmeans_plus_plus(const Matrix<T>& x, int k, Rng& rng) {
  const Index n = x.cols();
  Eigen::MatrixXd centroids(x.rows(), k);
  centroids.col(0) = x.col(rng.below(static_cast<std::uint32_t>(n))).template cast<double>();
  Eigen::VectorXd nearest = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::infinity());
  auto shrink_to = [&](int c) {  // nearest(j) = min(nearest(j), ‖x_j − centre c‖²)
    for (Index j = 0; j < n; ++j)
      nearest(j) = std::min(nearest(j), (x.col(j).template cast<double>() - centroids.col(c)).squaredNorm());
  };
  shrink_to(0);
  for (int c = 1; c < k; ++c) {
    // the next centre is a sample drawn with probability ∝ its squared distance to the chosen ones
    const double total = nearest.sum();
    Index pick = n - 1;
    if (total > 0) {
      double u = rng.uniform<double>() * total;
      for (Index j = 0; j < n; ++j) {
        u -= nearest(j);
        if (u < 0) {
          pick = j;
          break;
        }
      }
    } else {
      pick = rng.below(static_cast<std::uint32_t>(n));  // every sample already coincides with a centre
    }
    centroids.col(c) = x.col(pick).template cast<double>();
    shrink_to(c);
  }
  return centroids;
}

}  // namespace detail

/// Clusters the columns of x (d × n) into K groups: k-means++ seeding from Rng(options.seed),
/// then Lloyd iterations until no label changes. A cluster that empties is re-seeded with the
/// sample farthest from its centroid. Distances stream through GEMM (OpenMP).
/// @throws gantk::Error when K < 1 or K > n, or x is empty or non-finite.
template <class Derived>
KMeans kmeans(const Eigen::MatrixBase<Derived>& x, KMeansOptions options = {}) {
  GANTK_CHECK(options.clusters >= 1, "kmeans: clusters must be at least 1, got ", options.clusters);
  GANTK_CHECK(options.max_iterations >= 0, "kmeans: max_iterations must be ≥ 0, got ", options.max_iterations);
  GANTK_CHECK(x.cols() >= options.clusters, "kmeans: ", options.clusters, " clusters need at least as many samples, got ",
              x.cols());
  detail::check_samples("kmeans", "input", x);
  using T = detail::work_scalar_t<Derived>;
  const auto data = detail::to_matrix<T>(x);
  const Index n = data.cols();
  const int k = options.clusters;
  Rng rng(options.seed, 0x6b6d65616e73);  // stream "kmeans"
  KMeans out;
  out.centroids = detail::kmeans_plus_plus(data, k, rng);
  Eigen::VectorXd d2;
  detail::assign_nearest(data, out.centroids, out.labels, d2);
  std::vector<Index> previous;
  for (int it = 0; it < options.max_iterations; ++it) {
    // update: each centroid moves to the mean of its samples
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(data.rows(), k);
    Eigen::VectorXd counts = Eigen::VectorXd::Zero(k);
    for (Index j = 0; j < n; ++j) {
      const Index c = out.labels[static_cast<std::size_t>(j)];
      sums.col(c) += data.col(j).template cast<double>();
      counts(c) += 1;
    }
    for (int c = 0; c < k; ++c) {
      if (counts(c) > 0) {
        out.centroids.col(c) = sums.col(c) / counts(c);
      } else {
        Index far = 0;
        d2.maxCoeff(&far);
        out.centroids.col(c) = data.col(far).template cast<double>();
        d2(far) = 0;  // do not hand the same sample to two empty clusters
      }
    }
    previous = out.labels;
    detail::assign_nearest(data, out.centroids, out.labels, d2);
    out.iterations = it + 1;
    if (out.labels == previous) break;
  }
  out.sizes = Eigen::VectorXd::Zero(k);
  for (Index c : out.labels) out.sizes(c) += 1;
  out.inertia = d2.sum();
  return out;
}

/// Index of the nearest centroid (column of `centroids`, d × K) for every column of x.
/// @throws gantk::Error on different widths, no centroids, or non-finite samples.
template <class Derived>
std::vector<Index> nearest_centroid(const Eigen::MatrixBase<Derived>& x, const Eigen::MatrixXd& centroids) {
  detail::check_samples("nearest_centroid", "input", x);
  detail::check_samples("nearest_centroid", "centroid", centroids);
  detail::check_same_width("nearest_centroid", x, "input", centroids, "centroid");
  std::vector<Index> labels;
  Eigen::VectorXd d2;
  detail::assign_nearest(detail::to_matrix<detail::work_scalar_t<Derived>>(x), centroids, labels, d2);
  return labels;
}

}  // namespace gantk::metrics
