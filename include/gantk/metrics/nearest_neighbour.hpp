// For every query sample, its nearest sample in a reference set (index and distance): how far a
// generated sample lies from the real data, and which real sample (hence which bin) it is near.
#pragma once

#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include <gantk/metrics/pairwise_distances.hpp>

namespace gantk::metrics {

/// Each query's nearest reference sample, and its distance to the k-th nearest.
struct NearestNeighbours {
  std::vector<Index> index;      ///< column of the reference set nearest to each query
  Eigen::VectorXd distance;      ///< the distance to it
  Eigen::VectorXd kth_distance;  ///< the distance to the k-th nearest (= distance when k = 1)
};

/// The nearest column of `references` (d × n) to every column of `queries` (d × m), and the
/// distance to the k-th nearest. When the two are the same object, a sample's own column is
/// skipped (its nearest *other* samples).
/// @throws gantk::Error on empty sets, different widths, non-finite values, k < 1, or fewer
/// references than k (k + 1 for a set that is its own reference).
template <class DQ, class DR>
NearestNeighbours nearest_neighbours(const Eigen::MatrixBase<DQ>& queries, const Eigen::MatrixBase<DR>& references,
                                     int k = 1) {
  detail::check_samples("nearest_neighbours", "queries", queries);
  detail::check_samples("nearest_neighbours", "references", references);
  detail::check_same_width("nearest_neighbours", queries, "queries", references, "references");
  const bool same = static_cast<const void*>(&queries.derived()) == static_cast<const void*>(&references.derived());
  GANTK_CHECK(!same || references.cols() >= 2, "nearest_neighbours: a set that is its own reference needs at least 2 ",
              "samples, got ", references.cols());
  GANTK_CHECK(k >= 1, "nearest_neighbours: k must be at least 1, got ", k);
  GANTK_CHECK(references.cols() >= k + (same ? 1 : 0), "nearest_neighbours: the ", k, "-th nearest needs at least ",
              k + (same ? 1 : 0), " references, got ", references.cols());
  using T = detail::work_scalar_t<DQ>;
  const auto q = detail::to_matrix<T>(queries);
  const auto r = detail::to_matrix<T>(references);
  NearestNeighbours out;
  out.index.assign(static_cast<std::size_t>(q.cols()), 0);
  out.distance.resize(q.cols());
  out.kth_distance.resize(q.cols());
  const auto kk = static_cast<std::size_t>(k);
  detail::for_each_query_distances<T>(q, r, [&](Index i, const auto& d2) {
    // the k smallest squared distances so far, ascending (k is small: insertion beats a heap)
    std::vector<T> best(kk, std::numeric_limits<T>::infinity());
    Index at = 0;
    for (Index j = 0; j < d2.size(); ++j) {
      if (same && j == i) continue;
      if (!(d2(j) < best.back())) continue;
      if (d2(j) < best.front()) at = j;
      std::size_t p = kk - 1;
      for (; p > 0 && best[p - 1] > d2(j); --p) best[p] = best[p - 1];
      best[p] = d2(j);
    }
    out.index[static_cast<std::size_t>(i)] = at;
    out.distance(i) = std::sqrt(static_cast<double>(best.front()));
    out.kth_distance(i) = std::sqrt(static_cast<double>(best.back()));
  });
  return out;
}

}  // namespace gantk::metrics
