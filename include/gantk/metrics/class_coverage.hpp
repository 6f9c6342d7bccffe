// Class coverage: which classes a classifier sees among generated samples, and how far the
// predicted-class histogram is from the class prior — the "modes" and "KL" of the Stacked-MNIST
// protocol (Metz et al., "Unrolled GANs", ICLR 2017; Srivastava et al., "VEEGAN", NeurIPS 2017).
#pragma once

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include <gantk/metrics/detail/samples.hpp>

namespace gantk::metrics {

/// Settings of class_coverage().
struct ClassCoverageOptions {
  std::vector<double> prior;  ///< class prior (normalised here); empty means uniform
  Index min_count = 1;        ///< a class is covered when at least this many samples are predicted as it
};

/// The predicted-class histogram of a sample set.
struct ClassCoverage {
  int covered = 0;            ///< classes with at least min_count predictions
  int classes = 0;            ///< classes the classifier knows
  double kl = 0;              ///< KL(q ‖ prior) of the predicted-class histogram q, natural log
  std::vector<Index> counts;  ///< predictions per class
};

/// Coverage from class probabilities (classes × n, one column per sample; any scores whose
/// arg-max is the predicted class will do).
/// @throws gantk::Error on an empty or non-finite matrix, or a prior of the wrong size or sign.
template <class Derived>
ClassCoverage class_coverage_from_probabilities(const Eigen::MatrixBase<Derived>& probabilities,
                                                const ClassCoverageOptions& options = {}) {
  detail::check_samples("class_coverage", "probability", probabilities);
  GANTK_CHECK(options.min_count >= 1, "class_coverage: min_count must be at least 1, got ", options.min_count);
  const Index k = probabilities.rows(), n = probabilities.cols();
  std::vector<double> prior = options.prior;
  if (prior.empty()) prior.assign(static_cast<std::size_t>(k), 1.0);
  GANTK_CHECK(static_cast<Index>(prior.size()) == k, "class_coverage: the prior has ", prior.size(),
              " classes but the classifier returned ", k);
  double total = 0;
  for (double p : prior) {
    GANTK_CHECK(p >= 0 && std::isfinite(p), "class_coverage: prior weights must be finite and ≥ 0, got ", p);
    total += p;
  }
  GANTK_CHECK(total > 0, "class_coverage: the prior sums to 0");

  ClassCoverage out;
  out.classes = static_cast<int>(k);
  out.counts.assign(static_cast<std::size_t>(k), 0);
  for (Index j = 0; j < n; ++j) {
    Index best = 0;
    probabilities.col(j).maxCoeff(&best);
    ++out.counts[static_cast<std::size_t>(best)];
  }
  for (Index c = 0; c < k; ++c) {
    const auto count = out.counts[static_cast<std::size_t>(c)];
    if (count >= options.min_count) ++out.covered;
    if (count == 0) continue;
    const double q = static_cast<double>(count) / static_cast<double>(n);
    const double p = prior[static_cast<std::size_t>(c)] / total;
    // a predicted class the prior rules out makes the KL infinite, as it should
    out.kl += q * (p > 0 ? std::log(q / p) : std::numeric_limits<double>::infinity());
  }
  return out;
}

/// Classifies generated samples (d × n) with `classifier` — any callable returning a classes × n
/// matrix of probabilities (or scores) — and reports classes covered and KL(q ‖ prior).
/// @throws gantk::Error when the classifier returns the wrong number of columns, or as above.
template <class Derived, class Classifier>
  requires std::invocable<const Classifier&, const detail::Matrix<typename Derived::Scalar>&>
ClassCoverage class_coverage(const Eigen::MatrixBase<Derived>& samples, const Classifier& classifier,
                             const ClassCoverageOptions& options = {}) {
  detail::check_samples("class_coverage", "input", samples);
  const detail::Matrix<typename Derived::Scalar> x = samples;
  const auto scores = classifier(x);
  using S = typename std::decay_t<decltype(scores)>::Scalar;
  const detail::Matrix<S> probabilities = scores;
  GANTK_CHECK(probabilities.cols() == x.cols(), "class_coverage: the classifier returned ", probabilities.cols(),
              " columns for ", x.cols(), " samples (it must return classes × samples)");
  return class_coverage_from_probabilities(probabilities, options);
}

}  // namespace gantk::metrics
