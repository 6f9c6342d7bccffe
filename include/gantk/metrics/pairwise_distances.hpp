// Squared Euclidean distances between two sample sets, computed as ‖x‖² + ‖y‖² − 2xᵀy with one
// matrix product per block of queries, so that every metric built on distances runs at GEMM speed
// and never holds more than one block of the distance matrix per thread.
#pragma once

#include <algorithm>
#include <vector>

#include <Eigen/Core>

#include <gantk/backend/cpu_gemm.hpp>
#include <gantk/metrics/detail/samples.hpp>

#if GANTK_HAS_OPENMP
#include <omp.h>
#endif

namespace gantk::metrics {

namespace detail {

/// Per-thread memory for one block of the distance matrix (bytes); 4 MiB keeps a block in L2/L3.
inline constexpr Index distance_block_bytes = Index(1) << 22;

/// Below this much work (pairs × (features + 16), the 16 standing for the per-pair clamp and
/// whatever the caller computes) a distance pass stays on one thread. A team costs a fork and a
/// join, and on a loaded machine a descheduled thread stalls the join for a time slice: 600 × 600
/// pairs in 4-d ran in 1 ms on one thread and 60–80 ms on two under a load of 4 (2 cores).
inline constexpr double parallel_distance_work = 3.0e7;

/// Calls visit(i, d2) for every column i of `queries`, where d2 (an Eigen map of length
/// references.cols()) holds the squared distances from query i to every reference column.
///
/// Both sets are first shifted by the references' mean: the distances do not change, but the
/// norms shrink, which removes most of the cancellation in ‖x‖² + ‖y‖² − 2xᵀy (in float, points
/// near (1, 0) would otherwise carry absolute errors of ~1e-7 on d² whatever their distance).
/// Results are clamped at 0; when queries and references are the same object, d2(i) of query i
/// is exactly 0. Blocks of queries run in parallel (OpenMP); `visit` is called once
/// per query, possibly concurrently for different queries, and must only write state owned by i.
/// It must not throw.
template <class T, class Visit>
void for_each_query_distances(const Matrix<T>& queries, const Matrix<T>& references, Visit&& visit) {
  const Index d = references.rows(), nq = queries.cols(), nr = references.cols();
  if (nq == 0 || nr == 0) return;
  const Vector<T> centre = (references.template cast<double>().rowwise().sum() / static_cast<double>(nr)).template cast<T>();
  const Matrix<T> q = queries.colwise() - centre;
  const bool same = &queries == &references;
  const Matrix<T> r = same ? Matrix<T>() : Matrix<T>(references.colwise() - centre);
  const Matrix<T>& rr = same ? q : r;
  const Vector<T> qn = q.colwise().squaredNorm().transpose();
  const Vector<T> rn = same ? qn : Vector<T>(rr.colwise().squaredNorm().transpose());

  // queries per block: one block of distances (nr × bq) fits the per-thread budget
  const Index budget = distance_block_bytes / static_cast<Index>(sizeof(T)) / nr;
  const Index bq = std::clamp<Index>(budget / 8 * 8, 8, 512);
  const Index blocks = (nq + bq - 1) / bq;
  [[maybe_unused]] const bool parallel = static_cast<double>(nq) * static_cast<double>(nr) * static_cast<double>(d + 16) >=
                        parallel_distance_work;
#if GANTK_HAS_OPENMP
  const int threads = parallel ? std::max(1, omp_get_max_threads()) : 1;
#else
  const int threads = 1;
#endif
  std::vector<Matrix<T>> buffers(static_cast<std::size_t>(threads), Matrix<T>(nr, std::min(bq, nq)));

  auto run_block = [&](Index b, Matrix<T>& c) {
    const Index i0 = b * bq, len = std::min(bq, nq - i0);
    auto block = c.leftCols(len);
    block.setZero();
    // block(j, t) = −2 r_jᵀ q_{i0+t}
    gantk::detail::gemm_serial<T>(nr, len, d, T(-2), rr.data(), d, Op::T, q.data() + i0 * d, d, Op::N, block.data(), nr);
    for (Index t = 0; t < len; ++t) {
      auto col = block.col(t);
      col = (col + rn + Vector<T>::Constant(nr, qn(i0 + t))).cwiseMax(T(0));
      if (same) col(i0 + t) = T(0);  // exact, where the formula leaves rounding noise
      visit(i0 + t, Eigen::Map<const Vector<T>>(col.data(), nr));
    }
  };

#if GANTK_HAS_OPENMP
  if (threads > 1 && !omp_in_parallel()) {
#pragma omp parallel num_threads(threads)
    {
      Matrix<T>& c = buffers[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(dynamic, 1)
      for (Index b = 0; b < blocks; ++b) run_block(b, c);
    }
    return;
  }
#endif
  for (Index b = 0; b < blocks; ++b) run_block(b, buffers[0]);
}

/// Σᵢⱼ ‖qᵢ − rⱼ‖ over all pairs (rows in parallel, then summed in order: deterministic).
template <class T>
double distance_sum(const Matrix<T>& q, const Matrix<T>& r) {
  Vector<double> row(q.cols());
  for_each_query_distances<T>(q, r, [&](Index i, const auto& d2) { row(i) = static_cast<double>(d2.array().sqrt().sum()); });
  return row.sum();
}

}  // namespace detail

/// Squared Euclidean distances D(i, j) = ‖x_i − y_j‖² between the columns of x (d × m) and y
/// (d × n), as an m × n matrix in the samples' precision (float stays float).
/// For large sets prefer the metrics themselves: they stream the distances block by block.
/// @throws gantk::Error on empty sets, different widths, or non-finite values.
template <class DX, class DY>
auto squared_distances(const Eigen::MatrixBase<DX>& x, const Eigen::MatrixBase<DY>& y) {
  using T = detail::work_scalar_t<DX>;
  detail::check_samples("squared_distances", "first", x);
  detail::check_samples("squared_distances", "second", y);
  detail::check_same_width("squared_distances", x, "first", y, "second");
  const auto a = detail::to_matrix<T>(x);
  const auto b = detail::to_matrix<T>(y);
  detail::Matrix<T> out(a.cols(), b.cols());
  // y's columns as queries: each visit fills one contiguous column of the result
  detail::for_each_query_distances<T>(b, a, [&](Index j, const auto& d2) { out.col(j) = d2; });
  return out;
}

/// Mean distance between two distinct samples of x (d × n, n ≥ 2): 2/(n(n−1)) Σ_{i<j} ‖xᵢ − xⱼ‖,
/// a scale-aware measure of diversity (0 for a set collapsed to one point).
/// @throws gantk::Error on fewer than 2 samples or non-finite values.
template <class Derived>
double mean_pairwise_distance(const Eigen::MatrixBase<Derived>& x) {
  detail::check_samples("mean_pairwise_distance", "input", x, 2);
  const auto a = detail::to_matrix<detail::work_scalar_t<Derived>>(x);
  const double n = static_cast<double>(a.cols());
  return detail::distance_sum(a, a) / (n * (n - 1));
}

}  // namespace gantk::metrics
