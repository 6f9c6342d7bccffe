// The ground truth of a sample set drawn against a Gaussian mixture whose centres are known:
// what the collapse monitor (which never sees the centres) is checked against. The lab computes it
// at every monitor check (monitor.csv's truth columns); calibration.hpp builds on it.
#pragma once

#include <cmath>
#include <vector>

#include <Eigen/Core>

#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/collapse_assessment.hpp>
#include <gantk/metrics/mixture_coverage.hpp>

#include "data_sets.hpp"

namespace lab::calibration {

using gantk::Index;
using gantk::metrics::CollapseState;

/// The truth for samples of a mixture with K components, from mixture_coverage at the lab's
/// high-quality radius (a mode is covered with at least one high-quality sample; its share is the
/// fraction of all samples nearest to it):
///   complete  reverse KL ≥ 0.9 ln K, or at most one mode covered;
///   healthy   every mode covered and holding at least a quarter of its weight;
///   partial   otherwise (2 ≤ modes < K, or some mode under a quarter of its share).
inline CollapseState ground_truth(const gantk::metrics::MixtureCoverage& c, const std::vector<double>& weights) {
  const double k = static_cast<double>(c.components);
  if (c.reverse_kl >= 0.9 * std::log(k) || c.modes <= 1) return CollapseState::CompleteCollapse;
  double n = 0;
  for (Index x : c.counts) n += static_cast<double>(x);
  for (std::size_t i = 0; i < c.counts.size(); ++i)
    if (static_cast<double>(c.counts[i]) < 0.25 * weights[i] * n) return CollapseState::PartialCollapse;
  return c.modes == c.components ? CollapseState::Healthy : CollapseState::PartialCollapse;
}

template <class Derived>
CollapseState ground_truth(const Eigen::MatrixBase<Derived>& samples, const gantk::data::GaussianMixture& mixture) {
  const auto c = gantk::metrics::mixture_coverage(samples, mixture, coverage_options(mixture.width()));
  return ground_truth(c, mixture.weights());
}

}  // namespace lab::calibration
