// Mode coverage on mixtures with known components (the VEEGAN / PacGAN protocol).
#pragma once

#include <cmath>
#include <concepts>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include <gantk/core/error.hpp>
#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/detail/samples.hpp>

namespace gantk::metrics {

/// Settings of mixture_coverage().
struct MixtureCoverageOptions {
  double k_sigma = 3.0;         ///< a sample is high quality within k_sigma·σ of its nearest component
  Index min_count = 1;          ///< a mode is captured with at least this many high-quality samples
                                ///< (PacGAN counts a mode lost below 20 of 2500 samples on the 25-mode grid)
  std::vector<double> weights;  ///< reference weights of the reverse KL (normalised here); empty: the mixture's
};

/// How a sample set covers a mixture's components.
struct MixtureCoverage {
  int modes = 0;                  ///< components with at least min_count high-quality samples
  int components = 0;             ///< components in the mixture
  double high_quality = 0;        ///< fraction of samples within k·σ of their nearest component
  double reverse_kl = 0;          ///< KL(q ‖ w): q = histogram of nearest components over all samples, w = weights
  std::vector<Index> counts;      ///< samples nearest to each component (all samples)
  std::vector<Index> hq_counts;   ///< high-quality samples of each component
};

/// Assigns every sample (a column of `samples`) to its nearest component. A sample is high
/// quality when it lies within options.k_sigma·σ of that component; a mode is captured when at
/// least options.min_count high-quality samples belong to it. reverse_kl is KL(q ‖ w) of the
/// nearest-component histogram q against the weights w (the mixture's unless given); it is 0
/// when q = w and ln K when every sample sits at one of K equally weighted components.
/// Defaults follow PacGAN (Lin et al. 2018) and VEEGAN (Srivastava et al. 2017): k = 3.
/// @throws gantk::Error on a width mismatch, no samples, NaN/Inf, or bad options.
template <class Derived>
MixtureCoverage mixture_coverage(const Eigen::MatrixBase<Derived>& samples, const data::GaussianMixture& mixture,
                                 const MixtureCoverageOptions& options) {
  GANTK_CHECK(samples.rows() == mixture.width(), "mixture_coverage: samples have width ", samples.rows(),
              " but the mixture's width is ", mixture.width());
  GANTK_CHECK(samples.cols() > 0, "mixture_coverage: no samples");
  GANTK_CHECK(options.k_sigma > 0 && std::isfinite(options.k_sigma), "mixture_coverage: k_sigma must be positive, got ",
              options.k_sigma);
  GANTK_CHECK(options.min_count >= 1, "mixture_coverage: min_count must be at least 1, got ", options.min_count);
  const auto& centers = mixture.centers();
  const Index k = centers.cols(), n = samples.cols();
  std::vector<double> weights = options.weights.empty() ? mixture.weights() : options.weights;
  GANTK_CHECK(static_cast<Index>(weights.size()) == k, "mixture_coverage: ", weights.size(), " weights for ", k,
              " components");
  double total = 0;
  for (double w : weights) {
    GANTK_CHECK(w >= 0 && std::isfinite(w), "mixture_coverage: weights must be finite and ≥ 0, got ", w);
    total += w;
  }
  GANTK_CHECK(total > 0, "mixture_coverage: the weights sum to 0");

  MixtureCoverage out;
  out.components = static_cast<int>(k);
  out.counts.assign(static_cast<std::size_t>(k), 0);
  out.hq_counts.assign(static_cast<std::size_t>(k), 0);
  const double radius = options.k_sigma * mixture.stddev();
  Index hq = 0;
  Eigen::VectorXd x(samples.rows());
  for (Index j = 0; j < n; ++j) {
    x = samples.col(j).template cast<double>();
    GANTK_CHECK(x.allFinite(), "mixture_coverage: sample ", j, " contains NaN or Inf");
    Index best = 0;
    double best_d2 = std::numeric_limits<double>::infinity();
    for (Index c = 0; c < k; ++c) {
      const double d2 = (x - centers.col(c)).squaredNorm();
      if (d2 < best_d2) best_d2 = d2, best = c;
    }
    ++out.counts[static_cast<std::size_t>(best)];
    if (std::sqrt(best_d2) <= radius) {
      ++hq;
      ++out.hq_counts[static_cast<std::size_t>(best)];
    }
  }
  for (Index c = 0; c < k; ++c) {
    const auto i = static_cast<std::size_t>(c);
    if (out.hq_counts[i] >= options.min_count) ++out.modes;
    const double q = static_cast<double>(out.counts[i]) / static_cast<double>(n);
    const double w = weights[i] / total;
    if (q > 0) out.reverse_kl += w > 0 ? q * std::log(q / w) : std::numeric_limits<double>::infinity();
  }
  out.high_quality = static_cast<double>(hq) / static_cast<double>(n);
  return out;
}

/// mixture_coverage() with only the radius k_sigma given (the other options at their defaults).
template <class Derived>
MixtureCoverage mixture_coverage(const Eigen::MatrixBase<Derived>& samples, const data::GaussianMixture& mixture,
                                 double k_sigma = 3.0) {
  return mixture_coverage(samples, mixture, MixtureCoverageOptions{.k_sigma = k_sigma});
}

/// mixture_coverage() on a mixture's description: mixture_coverage(samples, data::Ring{}).
template <class Derived, class Spec>
  requires requires(const Spec& s) {
    { s.dataset() } -> std::convertible_to<data::GaussianMixture>;
  }
MixtureCoverage mixture_coverage(const Eigen::MatrixBase<Derived>& samples, const Spec& spec,
                                 const MixtureCoverageOptions& options = {}) {
  return mixture_coverage(samples, spec.dataset(), options);
}

}  // namespace gantk::metrics
