// Number of statistically different bins, NDB/K, and the Jensen–Shannon divergence between bin
// histograms (Richardson & Weiss, "On GANs and GMMs", NeurIPS 2018).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include <gantk/metrics/detail/normal_quantile.hpp>
#include <gantk/metrics/kmeans.hpp>

namespace gantk::metrics {

/// Settings of ndb().
struct NdbOptions {
  int bins = 100;            ///< K, the number of k-means bins on the real samples (the paper uses 100–300)
  double alpha = 0.05;       ///< significance level of each bin's two-sided two-proportion z-test
  std::uint64_t seed = 0;    ///< seed of k-means++
  int max_iterations = 100;  ///< Lloyd iterations at most
};

/// Bins fitted once on the real samples, to score many generated sets against.
struct NdbBins {
  Eigen::MatrixXd centroids;    ///< d × K
  Eigen::VectorXd proportions;  ///< share of the real samples in each bin
  Index samples = 0;            ///< real samples behind the proportions
};

/// How a generated set's bin histogram differs from the real one.
struct Ndb {
  int different_bins = 0;            ///< NDB: bins whose proportions differ significantly
  int bins = 0;                      ///< K
  double ndb_over_k = 0;             ///< NDB / K (≈ α for a generator equal to the data)
  double js_divergence = 0;          ///< JS(real ‖ fake) of the bin histograms, natural log (0 … ln 2)
  Eigen::VectorXd real_proportions;  ///< per bin
  Eigen::VectorXd fake_proportions;  ///< per bin
  Eigen::VectorXd z;                 ///< per bin: (p_fake − p_real) / pooled standard error (0 where both are 0)
  std::vector<bool> different;       ///< per bin: |z| above the critical value
};

namespace detail {
inline double jensen_shannon(const Eigen::VectorXd& p, const Eigen::VectorXd& q) {
  double js = 0;
  for (Index b = 0; b < p.size(); ++b) {
    const double m = 0.5 * (p(b) + q(b));
    if (p(b) > 0) js += 0.5 * p(b) * std::log(p(b) / m);
    if (q(b) > 0) js += 0.5 * q(b) * std::log(q(b) / m);
  }
  return js;
}

inline Eigen::VectorXd bin_proportions(const std::vector<Index>& labels, Index bins) {
  Eigen::VectorXd p = Eigen::VectorXd::Zero(bins);
  for (Index b : labels) p(b) += 1;
  return p / static_cast<double>(labels.size());
}
}  // namespace detail

/// Fits K k-means bins (k-means++ seeding) on the real samples (d × N, N ≥ K).
template <class Derived>
NdbBins ndb_bins(const Eigen::MatrixBase<Derived>& real, NdbOptions options = {}) {
  GANTK_CHECK(options.bins >= 1, "ndb: bins must be at least 1, got ", options.bins);
  GANTK_CHECK(real.cols() >= options.bins, "ndb: ", options.bins, " bins need at least as many real samples, got ",
              real.cols());
  const KMeans km = kmeans(real, {.clusters = options.bins, .max_iterations = options.max_iterations, .seed = options.seed});
  return NdbBins{km.centroids, detail::bin_proportions(km.labels, options.bins), real.cols()};
}

/// Scores generated samples (d × M) against fitted bins: each sample goes to its nearest
/// centroid; bin b differs when |z_b| > Φ⁻¹(1 − α/2) with
///   z_b = (p̂_fake − p̂_real) / √(p̄(1 − p̄)(1/N + 1/M)),  p̄ = (N p̂_real + M p̂_fake)/(N + M).
/// options.bins and options.seed are not used here (the bins are given).
/// @throws gantk::Error on a bad α, different widths, or empty or non-finite samples.
template <class Derived>
Ndb ndb(const NdbBins& bins, const Eigen::MatrixBase<Derived>& fake, NdbOptions options = {}) {
  GANTK_CHECK(options.alpha > 0 && options.alpha < 1, "ndb: alpha must lie in (0, 1), got ", options.alpha);
  GANTK_CHECK(bins.centroids.cols() > 0 && bins.samples > 0, "ndb: the bins are empty (fit them with ndb_bins)");
  detail::check_samples("ndb", "fake", fake);
  detail::check_same_width("ndb", bins.centroids, "real (bins)", fake, "fake");
  const Index k = bins.centroids.cols();
  Ndb out;
  out.bins = static_cast<int>(k);
  out.real_proportions = bins.proportions;
  out.fake_proportions = detail::bin_proportions(nearest_centroid(fake, bins.centroids), k);
  out.z = Eigen::VectorXd::Zero(k);
  out.different.assign(static_cast<std::size_t>(k), false);
  const double n_real = static_cast<double>(bins.samples), n_fake = static_cast<double>(fake.cols());
  const double critical = detail::normal_quantile(1.0 - options.alpha / 2);
  for (Index b = 0; b < k; ++b) {
    const double pr = out.real_proportions(b), pf = out.fake_proportions(b);
    const double pooled = (n_real * pr + n_fake * pf) / (n_real + n_fake);
    const double se = std::sqrt(pooled * (1 - pooled) * (1 / n_real + 1 / n_fake));
    if (se > 0) out.z(b) = (pf - pr) / se;
    // se = 0 only when the bin is empty in both sets, or holds every sample of both: no difference
    out.different[static_cast<std::size_t>(b)] = std::abs(out.z(b)) > critical;
    out.different_bins += out.different[static_cast<std::size_t>(b)] ? 1 : 0;
  }
  out.ndb_over_k = static_cast<double>(out.different_bins) / static_cast<double>(k);
  out.js_divergence = detail::jensen_shannon(out.real_proportions, out.fake_proportions);
  return out;
}

/// NDB/K and JS divergence of fake samples against bins fitted on the real samples.
template <class DR, class DF>
Ndb ndb(const Eigen::MatrixBase<DR>& real, const Eigen::MatrixBase<DF>& fake, NdbOptions options = {}) {
  detail::check_samples("ndb", "real", real);
  detail::check_samples("ndb", "fake", fake);
  detail::check_same_width("ndb", real, "real", fake, "fake");
  return ndb(ndb_bins(real, options), fake, options);
}

}  // namespace gantk::metrics
