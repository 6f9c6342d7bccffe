// The ground truth of a sample set drawn against a Gaussian mixture whose centres are known:
// what the collapse monitor (which never sees the centres) is checked against. The lab computes it
// at every monitor check (monitor.csv's truth columns); calibration.hpp builds on it.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
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

/// The high-quality share under which the samples' mass sits on no mode's region: a quarter of the
/// lightest mode's share. Below it, even with every high-quality sample at one mode, no mode would
/// hold the quarter of its share that the definition asks of a mode that is present.
inline double no_mode_share(const std::vector<double>& weights) {
  double total = 0, lightest = std::numeric_limits<double>::infinity();
  for (double w : weights) total += w, lightest = std::min(lightest, w);
  return 0.25 * lightest / total;
}

/// The truth for samples of a mixture with K components (issue 13's definition), from
/// mixture_coverage at the lab's high-quality radius. A mode is covered with at least one
/// high-quality sample; its share is the fraction of all samples nearest to it.
///   complete  the samples' mass sits on at most one mode's region or on none:
///             (a) reverse KL of the nearest-mode histogram ≥ 0.9 ln K (one region holds the mass),
///             (b) at most one mode covered (one sharp mode, a point, a blob between or off the modes),
///             (c) the high-quality share is under no_mode_share(): the mass sits on no mode's
///                 region although stray samples touch several (a wide smear, a blur off the modes);
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
  if (c.reverse_kl >= 0.9 * std::log(k) || covered <= 1 || c.high_quality < no_mode_share(weights))
    return CollapseState::CompleteCollapse;
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
