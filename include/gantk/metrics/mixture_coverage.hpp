// Mode coverage on mixtures with known components (the VEEGAN / PacGAN protocol).
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include <gantk/foundation/error.hpp>
#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/detail/chi_quantile.hpp>
#include <gantk/metrics/detail/samples.hpp>

namespace gantk::metrics {

/// The share of a 2-d Gaussian's mass within 3σ of its centre, 1 − e^{−4.5} ≈ 0.98889: what the
/// 2-d papers' "high quality" (within 3σ) admits of real samples.
inline const double three_sigma_2d_coverage = 1.0 - std::exp(-4.5);

/// Settings of mixture_coverage().
struct MixtureCoverageOptions {
  /// A sample is high quality within k_sigma·σ of its nearest component. 0 (the default): the
  /// radius that holds `coverage` of a component's mass in the data's dimension d, the χ_d
  /// quantile (3σ in 2-d; 4.79σ in 10-d; 36.3σ in 1200-d). 3: the 2-d papers' fixed rule, which
  /// in d dimensions admits ever fewer real samples (47% in 10-d).
  double k_sigma = 0;
  double coverage = three_sigma_2d_coverage;  ///< the share of real samples the default radius admits
  Index min_count = 1;          ///< a mode is captured with at least this many high-quality samples
                                ///< (`modes`; `modes_20` always uses 20, PacGAN's threshold)
  /// `modes_by_share` counts a mode when its high-quality samples are at least this share of all
  /// samples: PacGAN's 20 of 2,500, at any sample count (4.1 of 512).
  double min_share = 20.0 / 2500.0;
  std::vector<double> weights;  ///< reference weights of the reverse KL (normalised here); empty: the mixture's
};

/// How a sample set covers a mixture's components.
struct MixtureCoverage {
  int modes = 0;                  ///< components with at least min_count high-quality samples
  int modes_20 = 0;               ///< components with at least 20 high-quality samples (PacGAN's count)
  int modes_by_share = 0;         ///< components whose high-quality samples are ≥ min_share of all samples
  double radius_sigmas = 0;       ///< the high-quality radius used, in σ
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
/// The radius defaults to the one holding the same share of real samples in any dimension as 3σ
/// in 2-d, where it is exactly 3σ, the radius of PacGAN (Lin et al. 2018) and VEEGAN
/// (Srivastava et al. 2017); k_sigma = 3 gives the papers' fixed rule in any dimension.
/// @throws gantk::Error on a width mismatch, no samples, NaN/Inf, or bad options.
template <class Derived>
MixtureCoverage mixture_coverage(const Eigen::MatrixBase<Derived>& samples, const data::GaussianMixture& mixture,
                                 const MixtureCoverageOptions& options) {
  GANTK_CHECK(samples.rows() == mixture.width(), "mixture_coverage: samples have width ", samples.rows(),
              " but the mixture's width is ", mixture.width());
  GANTK_CHECK(samples.cols() > 0, "mixture_coverage: no samples");
  GANTK_CHECK(options.k_sigma >= 0 && std::isfinite(options.k_sigma),
              "mixture_coverage: k_sigma must be positive (or 0 for the dimension's default), got ", options.k_sigma);
  GANTK_CHECK(options.k_sigma > 0 || (options.coverage > 0 && options.coverage < 1),
              "mixture_coverage: coverage must lie in (0, 1), got ", options.coverage);
  GANTK_CHECK(options.min_count >= 1, "mixture_coverage: min_count must be at least 1, got ", options.min_count);
  GANTK_CHECK(options.min_share >= 0 && options.min_share <= 1, "mixture_coverage: min_share must lie in [0, 1], got ",
              options.min_share);
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
  out.radius_sigmas = options.k_sigma > 0
                          ? options.k_sigma
                          : metrics::detail::chi_quantile(static_cast<int>(mixture.width()), options.coverage);
  const double radius = out.radius_sigmas * mixture.stddev();
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
    if (out.hq_counts[i] >= 20) ++out.modes_20;
    if (out.hq_counts[i] > 0 && static_cast<double>(out.hq_counts[i]) >= options.min_share * static_cast<double>(n))
      ++out.modes_by_share;
    const double q = static_cast<double>(out.counts[i]) / static_cast<double>(n);
    const double w = weights[i] / total;
    if (q > 0) out.reverse_kl += w > 0 ? q * std::log(q / w) : std::numeric_limits<double>::infinity();
  }
  out.high_quality = static_cast<double>(hq) / static_cast<double>(n);
  return out;
}

/// mixture_coverage() with only the radius k_sigma given (the other options at their defaults;
/// 0: the dimension's default radius).
template <class Derived>
MixtureCoverage mixture_coverage(const Eigen::MatrixBase<Derived>& samples, const data::GaussianMixture& mixture,
                                 double k_sigma = 0) {
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
