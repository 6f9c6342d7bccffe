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

/// Which mode count decides whether the samples' mass sits on at most one mode.
enum class ModeCount {
  OneSample,  ///< a mode counts with a single high-quality sample (the VEEGAN-style count; the truth)
  ByShare,    ///< a mode counts with ≥ 0.8% of the samples high-quality at it (PacGAN's 20 of 2,500)
};

/// The truth for samples of a mixture with K components, from mixture_coverage at the lab's
/// high-quality radius (a mode is covered with at least one high-quality sample; its share is the
/// fraction of all samples nearest to it):
///   complete  reverse KL ≥ 0.9 ln K, or at most one mode covered;
///   healthy   every mode covered and holding at least a quarter of its weight;
///   partial   otherwise (2 ≤ modes < K, or some mode under a quarter of its share).
/// ModeCount::ByShare counts a mode as covered only when 0.8% of the samples are high-quality at
/// it. It was tried as the truth and is kept for comparison only: it turns blurred but diverse
/// generators (a 25-mode grid at 5-8% high quality, 1-3 modes by share) into complete collapse
/// (docs/metrics.md, "Which mode count").
inline CollapseState ground_truth(const gantk::metrics::MixtureCoverage& c, const std::vector<double>& weights,
                                  ModeCount count = ModeCount::OneSample) {
  const double k = static_cast<double>(c.components);
  const int covered = count == ModeCount::ByShare ? c.modes_by_share : c.modes;
  if (c.reverse_kl >= 0.9 * std::log(k) || covered <= 1) return CollapseState::CompleteCollapse;
  double n = 0;
  for (Index x : c.counts) n += static_cast<double>(x);
  for (std::size_t i = 0; i < c.counts.size(); ++i)
    if (static_cast<double>(c.counts[i]) < 0.25 * weights[i] * n) return CollapseState::PartialCollapse;
  return c.modes == c.components ? CollapseState::Healthy : CollapseState::PartialCollapse;
}

template <class Derived>
CollapseState ground_truth(const Eigen::MatrixBase<Derived>& samples, const gantk::data::GaussianMixture& mixture,
                           ModeCount count = ModeCount::OneSample) {
  const auto c = gantk::metrics::mixture_coverage(samples, mixture, coverage_options(mixture.width()));
  return ground_truth(c, mixture.weights(), count);
}

}  // namespace lab::calibration
