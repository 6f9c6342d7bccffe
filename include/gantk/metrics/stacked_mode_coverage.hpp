// stacked_mode_coverage: the stacked-MNIST protocol's "modes" and "KL" (Metz et al. 2017;
// Srivastava et al. 2017; Lin et al. 2018), for 3-channel stacks of 28 × 28 images: a classifier
// labels each channel, the triple of labels is the sample's mode (1000 of them), modes counts the
// triples seen at least once and KL = Σ q log(1000·q) compares their histogram q with uniform.
#pragma once

#include <cmath>
#include <vector>

#include <Eigen/Core>

#include <gantk/data/stacked_fashion_mnist.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/metrics/detail/samples.hpp>

namespace gantk::metrics {

/// What stacked_mode_coverage() counted.
struct StackedModeCoverage {
  int modes = 0;              ///< triples predicted for at least one sample, of 1000
  double kl = 0;              ///< KL(q ‖ uniform over the 1000 triples), natural log
  Index samples = 0;
  std::vector<Index> counts;  ///< samples per triple (index: data::ClassTriple::label())
  /// With true labels given: the fraction of samples whose whole triple the classifier got right
  /// (its own error on the data; about accuracy³). −1 without labels.
  double triple_accuracy = -1;
};

/// Labels each of the three channels of samples (3·plane × n) with `classifier` (predict(images)
/// of plane × n, e.g. metrics::FashionClassifier with plane 784) and counts the triples. Pass the
/// true labels of real stacked samples to get the classifier's triple accuracy beside its score:
/// the real data's modes and KL are the ceiling of a table of generators.
/// @throws gantk::Error on an empty or non-finite matrix, rows that are not three planes, a
/// classifier with other than 10 classes, or labels of the wrong count.
template <class C, class Derived>
StackedModeCoverage stacked_mode_coverage(const Eigen::MatrixBase<Derived>& samples, const C& classifier,
                                          const std::vector<int>& true_labels = {}) {
  detail::check_samples("stacked_mode_coverage", "input", samples);
  constexpr Index plane = C::input_width;
  static_assert(C::classes == 10, "stacked_mode_coverage: the classifier must know 10 classes (1000 triples)");
  GANTK_CHECK(samples.rows() == 3 * plane, "stacked_mode_coverage: samples have ", samples.rows(),
              " values, three channels of the classifier's ", plane, " make ", 3 * plane);
  const Index n = samples.cols();
  GANTK_CHECK(true_labels.empty() || static_cast<Index>(true_labels.size()) == n, "stacked_mode_coverage: ",
              true_labels.size(), " labels for ", n, " samples");
  std::vector<int> triple(static_cast<std::size_t>(n), 0);
  for (Index c = 0; c < 3; ++c) {
    const std::vector<int> predicted = classifier.predict(samples.middleRows(c * plane, plane));
    for (Index j = 0; j < n; ++j) triple[static_cast<std::size_t>(j)] = 10 * triple[static_cast<std::size_t>(j)] +
                                                                         predicted[static_cast<std::size_t>(j)];
  }
  StackedModeCoverage out;
  out.samples = n;
  out.counts.assign(1000, 0);
  Index right = 0;
  for (Index j = 0; j < n; ++j) {
    ++out.counts[static_cast<std::size_t>(triple[static_cast<std::size_t>(j)])];
    if (!true_labels.empty()) right += triple[static_cast<std::size_t>(j)] == true_labels[static_cast<std::size_t>(j)];
  }
  for (const Index k : out.counts) {
    if (k == 0) continue;
    ++out.modes;
    const double q = static_cast<double>(k) / static_cast<double>(n);
    out.kl += q * std::log(1000.0 * q);
  }
  if (!true_labels.empty()) out.triple_accuracy = static_cast<double>(right) / static_cast<double>(n);
  return out;
}

}  // namespace gantk::metrics
