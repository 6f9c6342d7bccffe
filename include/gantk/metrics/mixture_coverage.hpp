// Mode coverage on mixtures with known components (the VEEGAN / PacGAN protocol).
#pragma once

#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include <gantk/core/error.hpp>
#include <gantk/data/gaussian_mixture.hpp>

namespace gantk::metrics {

/// How a sample set covers a mixture's components.
struct MixtureCoverage {
  int modes = 0;                  ///< components that are the nearest of at least one high-quality sample
  int components = 0;             ///< components in the mixture
  double high_quality = 0;        ///< fraction of samples within k·σ of their nearest component
  double reverse_kl = 0;          ///< KL(q ‖ w): q = histogram of nearest components over all samples, w = weights
  std::vector<Index> counts;      ///< samples nearest to each component (all samples)
  std::vector<Index> hq_counts;   ///< high-quality samples of each component
};

/// Assigns every sample (a column of `samples`) to its nearest component. A sample is high
/// quality when it lies within k_sigma·σ of that component; a mode is captured when at least one
/// high-quality sample belongs to it. Defaults follow PacGAN (Lin et al. 2018): k = 3.
template <class Derived>
MixtureCoverage mixture_coverage(const Eigen::MatrixBase<Derived>& samples, const data::GaussianMixture& mixture,
                                 double k_sigma = 3.0) {
  GANTK_CHECK(samples.rows() == mixture.width(), "mixture_coverage: samples have width ", samples.rows(),
              " but the mixture's width is ", mixture.width());
  GANTK_CHECK(samples.cols() > 0, "mixture_coverage: no samples");
  GANTK_CHECK(k_sigma > 0, "mixture_coverage: k_sigma must be positive, got ", k_sigma);
  const auto& centers = mixture.centers();
  const Index k = centers.cols(), n = samples.cols();
  MixtureCoverage out;
  out.components = static_cast<int>(k);
  out.counts.assign(static_cast<std::size_t>(k), 0);
  out.hq_counts.assign(static_cast<std::size_t>(k), 0);
  const double radius = k_sigma * mixture.stddev();
  Index hq = 0;
  for (Index j = 0; j < n; ++j) {
    const Eigen::VectorXd x = samples.col(j).template cast<double>();
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
    if (out.hq_counts[static_cast<std::size_t>(c)] > 0) ++out.modes;
    const double q = static_cast<double>(out.counts[static_cast<std::size_t>(c)]) / static_cast<double>(n);
    if (q > 0) out.reverse_kl += q * std::log(q / mixture.weights()[static_cast<std::size_t>(c)]);
  }
  out.high_quality = static_cast<double>(hq) / static_cast<double>(n);
  return out;
}

}  // namespace gantk::metrics
