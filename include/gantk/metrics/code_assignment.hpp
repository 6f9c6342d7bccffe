// Code–mode assignment: how well a generator's categorical code picks out the modes of the data,
// as the accuracy of the best one-to-one matching of codes to modes (the unsupervised-accuracy
// measure InfoGAN reports for its categorical code on MNIST, Chen et al. 2016, §7.1).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include <gantk/foundation/config.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/metrics/detail/samples.hpp>

namespace gantk::metrics {

/// The best one-to-one assignment of codes (rows of a count table) to modes (columns).
struct CodeAssignment {
  std::vector<int> mode_of_code;  ///< the mode matched to each code (−1 when there are more codes than modes)
  double matched = 0;             ///< the counts on the matched cells
  double total = 0;               ///< all counts
  double accuracy = 0;            ///< matched / total: the share of samples whose code's mode is theirs
  Eigen::MatrixXd counts;         ///< codes × modes
};

/// The assignment of rows to columns, each used at most once, with the largest sum of counts
/// (the Hungarian method with potentials on the square table padded with zeros, O(n³); exact,
/// where a greedy matching is not).
/// @throws gantk::Error on an empty table or a negative or non-finite count.
inline CodeAssignment best_assignment(const Eigen::MatrixXd& counts) {
  const Index rows = counts.rows(), cols = counts.cols();
  GANTK_CHECK(rows > 0 && cols > 0, "best_assignment: the count table is empty (", rows, " × ", cols, ")");
  for (Index i = 0; i < counts.size(); ++i)
    GANTK_CHECK(std::isfinite(counts.data()[i]) && counts.data()[i] >= 0, "best_assignment: count ", i,
                " of the table is ", counts.data()[i], "; counts must be non-negative and finite");
  const Index n = std::max(rows, cols);
  const double top = counts.maxCoeff();
  // cost of putting row i on column j (1-based; padding costs `top`, so it is neutral)
  const auto cost = [&](Index i, Index j) { return i <= rows && j <= cols ? top - counts(i - 1, j - 1) : top; };
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0), v(n + 1, 0);
  std::vector<Index> row_of(n + 1, 0), way(n + 1, 0);  // row_of[j]: the row on column j (0: none yet)
  for (Index i = 1; i <= n; ++i) {
    // grow a shortest augmenting path from row i over reduced costs
    row_of[0] = i;
    Index j0 = 0;
    std::vector<double> slack(n + 1, inf);
    std::vector<bool> used(n + 1, false);
    do {
      used[j0] = true;
      const Index i0 = row_of[j0];
      double delta = inf;
      Index j1 = 0;
      for (Index j = 1; j <= n; ++j) {
        if (used[j]) continue;
        const double reduced = cost(i0, j) - u[i0] - v[j];
        if (reduced < slack[j]) slack[j] = reduced, way[j] = j0;
        if (slack[j] < delta) delta = slack[j], j1 = j;
      }
      for (Index j = 0; j <= n; ++j) {
        if (used[j]) u[row_of[j]] += delta, v[j] -= delta;
        else slack[j] -= delta;
      }
      j0 = j1;
    } while (row_of[j0] != 0);
    do {  // flip the path
      const Index j1 = way[j0];
      row_of[j0] = row_of[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  CodeAssignment a;
  a.counts = counts;
  a.mode_of_code.assign(static_cast<std::size_t>(rows), -1);
  for (Index j = 1; j <= cols; ++j)
    if (row_of[j] >= 1 && row_of[j] <= rows) {
      a.mode_of_code[static_cast<std::size_t>(row_of[j] - 1)] = static_cast<int>(j - 1);
      a.matched += counts(row_of[j] - 1, j - 1);
    }
  a.total = counts.sum();
  a.accuracy = a.total > 0 ? a.matched / a.total : 0.0;
  return a;
}

/// The code–mode assignment of generated samples: samples_per_code[k] holds samples made with
/// code k (d × n_k, one column per sample), each counted at its nearest centre (d × modes).
/// @throws gantk::Error on no codes, empty or non-finite samples, or widths that differ.
template <class M>
CodeAssignment code_mode_assignment(const std::vector<M>& samples_per_code, const Eigen::MatrixXd& centers) {
  GANTK_CHECK(!samples_per_code.empty(), "code_mode_assignment: no codes given");
  GANTK_CHECK(centers.cols() > 0, "code_mode_assignment: no centres given");
  Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(static_cast<Index>(samples_per_code.size()), centers.cols());
  for (std::size_t k = 0; k < samples_per_code.size(); ++k) {
    const auto& x = samples_per_code[k];
    detail::check_samples("code_mode_assignment", "sample", x);
    GANTK_CHECK(x.rows() == centers.rows(), "code_mode_assignment: the samples of code ", k, " have ", x.rows(),
                " rows, the centres ", centers.rows());
    for (Index j = 0; j < x.cols(); ++j) {
      Index nearest = 0;
      (centers.colwise() - x.col(j).template cast<double>()).colwise().squaredNorm().minCoeff(&nearest);
      counts(static_cast<Index>(k), nearest) += 1;
    }
  }
  return best_assignment(counts);
}

}  // namespace gantk::metrics
