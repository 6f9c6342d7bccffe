// The pure half of the collapse monitor: from a real and a generated sample set to a verdict
// (healthy, partially collapsed, completely collapsed), with the statistics behind it.
#pragma once

#include <cmath>
#include <cstdint>
#include <iomanip>
#include <sstream>
#include <string>

#include <Eigen/Core>

#include <gantk/metrics/kmeans.hpp>
#include <gantk/metrics/pairwise_distances.hpp>

namespace gantk::metrics {

/// How much of the data a generator still produces.
enum class CollapseState {
  Healthy = 0,           ///< diverse, and reaches (nearly) all regions of the data
  PartialCollapse = 1,   ///< diverse, but misses a sizeable part of the data (lost modes)
  CompleteCollapse = 2,  ///< (nearly) no diversity left: all samples alike
};

/// "healthy", "partial collapse", "complete collapse".
inline const char* to_string(CollapseState s) {
  switch (s) {
    case CollapseState::Healthy: return "healthy";
    case CollapseState::PartialCollapse: return "partial collapse";
    case CollapseState::CompleteCollapse: return "complete collapse";
  }
  return "?";
}

/// The thresholds of assess_collapse(), all settable.
struct CollapseCriteria {
  /// Complete collapse when (mean fake pairwise distance) / (mean real pairwise distance) falls
  /// below this. A generator stuck on one mode of the 8-Gaussian ring scores ≈ 0.01; one that
  /// spreads over the data scores ≈ 1.
  double complete_spread = 0.1;
  /// Partial collapse when at least this fraction of the real samples lies in starved bins.
  /// Losing 2 of 8 equally weighted modes gives 0.25, losing half of them 0.5.
  double partial_missing_mass = 0.2;
  /// A bin is starved when its share of fake samples is below this multiple of its real share.
  double starved_share = 0.25;
  /// The bins: k-means on the real samples with the fewest clusters (at most max_bins) that
  /// leave at most `unexplained_variance` of the real samples' variance within clusters. Data
  /// made of K tight, separated modes thus gets K bins, one per mode; data without such structure
  /// gets max_bins. Why not always max_bins: a tight mode split into two bins looks half starved
  /// whenever the generator places its samples a little off centre (a GAN on the ring typically
  /// lands 2–3 σ inside the circle), and the monitor would cry collapse over a precision issue.
  int max_bins = 16;
  /// See max_bins.
  double unexplained_variance = 0.01;
  /// Seed of k-means++.
  std::uint64_t seed = 0;
};

/// The statistics behind a verdict.
struct CollapseStatistics {
  double spread_ratio = 0;  ///< mean pairwise distance, fake / real
  double missing_mass = 0;  ///< fraction of the real samples in starved bins
  int bins_hit = 0;         ///< bins holding at least one fake sample
  int bins = 0;             ///< bins in all
  double fake_spread = 0;   ///< mean pairwise distance of the fake samples
  double real_spread = 0;   ///< mean pairwise distance of the real samples
};

/// A verdict, its statistics, and a sentence saying why.
struct CollapseAssessment {
  CollapseState state = CollapseState::Healthy;
  CollapseStatistics statistics;
  std::string reason;
};

/// The real side of an assessment, computed once: the real samples, their spread and their
/// k-means bins (NDB-style, Richardson & Weiss 2018).
class CollapseReference {
 public:
  /// @param real      d × n real samples (n ≥ criteria.max_bins, n ≥ 2, not all identical)
  /// @param criteria  its max_bins, unexplained_variance and seed choose the bins
  template <class Derived>
  explicit CollapseReference(const Eigen::MatrixBase<Derived>& real, const CollapseCriteria& criteria = {})
      : samples_(real.template cast<double>()) {
    detail::check_samples("collapse assessment", "real", real, 2);
    GANTK_CHECK(criteria.max_bins >= 1, "collapse assessment: max_bins must be at least 1, got ", criteria.max_bins);
    GANTK_CHECK(real.cols() >= criteria.max_bins, "collapse assessment: max_bins = ", criteria.max_bins,
                " needs at least as many real samples, got ", real.cols());
    GANTK_CHECK(criteria.unexplained_variance >= 0 && criteria.unexplained_variance <= 1,
                "collapse assessment: unexplained_variance must lie in [0, 1], got ", criteria.unexplained_variance);
    spread_ = mean_pairwise_distance(samples_);
    GANTK_CHECK(spread_ > 0, "collapse assessment: the real samples are all identical");
    const double total = (samples_.colwise() - samples_.rowwise().mean()).squaredNorm();
    KMeans km;
    for (int k = 1; k <= criteria.max_bins; ++k) {
      km = kmeans(samples_, {.clusters = k, .seed = criteria.seed});
      if (km.inertia <= criteria.unexplained_variance * total) break;
    }
    centroids_ = km.centroids;
    proportions_ = km.sizes / static_cast<double>(samples_.cols());
  }

  const Eigen::MatrixXd& samples() const { return samples_; }
  /// Mean pairwise distance of the real samples.
  double spread() const { return spread_; }
  const Eigen::MatrixXd& centroids() const { return centroids_; }
  /// Share of the real samples in each bin.
  const Eigen::VectorXd& proportions() const { return proportions_; }
  Index width() const { return samples_.rows(); }

 private:
  Eigen::MatrixXd samples_;
  double spread_ = 0;
  Eigen::MatrixXd centroids_;
  Eigen::VectorXd proportions_;
};

namespace detail {
inline std::string percent(double x) {
  return gantk::detail::concat(static_cast<long>(std::lround(100 * x)), "%");
}
/// x with three significant digits: enough to read a statistic, not more.
inline std::string brief(double x) {
  std::ostringstream out;
  out << std::setprecision(3) << x;
  return out.str();
}
}  // namespace detail

/// Classifies generated samples (d × m, m ≥ 2) against a real reference:
///  1. complete collapse  if spread_ratio < criteria.complete_spread;
///  2. partial collapse   if missing_mass ≥ criteria.partial_missing_mass;
///  3. healthy            otherwise.
/// spread_ratio = mean pairwise distance of the fakes / that of the reals; missing_mass = the
/// real share of the starved bins: those whose fake share is below starved_share × their real
/// share (fakes go to their nearest bin centroid). The bins are the reference's (criteria.max_bins,
/// unexplained_variance and seed unused here).
/// @throws gantk::Error on a width mismatch, fewer than 2 fakes, or non-finite values.
template <class Derived>
CollapseAssessment assess_collapse(const CollapseReference& reference, const Eigen::MatrixBase<Derived>& fake,
                                   const CollapseCriteria& criteria = {}) {
  detail::check_samples("assess_collapse", "fake", fake, 2);
  detail::check_same_width("assess_collapse", reference.samples(), "real", fake, "fake");
  GANTK_CHECK(criteria.complete_spread >= 0 && criteria.partial_missing_mass >= 0 && criteria.starved_share >= 0,
              "assess_collapse: thresholds must be ≥ 0, got complete_spread ", criteria.complete_spread,
              ", partial_missing_mass ", criteria.partial_missing_mass, ", starved_share ", criteria.starved_share);
  CollapseAssessment out;
  auto& s = out.statistics;
  s.real_spread = reference.spread();
  s.fake_spread = mean_pairwise_distance(fake);
  s.spread_ratio = s.fake_spread / s.real_spread;

  const Eigen::VectorXd& real_share = reference.proportions();
  const Index bins = real_share.size();
  s.bins = static_cast<int>(bins);
  const Eigen::MatrixXd f = fake.template cast<double>();
  Eigen::VectorXd fake_share = Eigen::VectorXd::Zero(bins);
  for (Index b : nearest_centroid(f, reference.centroids())) fake_share(b) += 1;
  fake_share /= static_cast<double>(f.cols());
  for (Index b = 0; b < bins; ++b) {
    if (fake_share(b) > 0) ++s.bins_hit;
    if (fake_share(b) < criteria.starved_share * real_share(b)) s.missing_mass += real_share(b);
  }

  using gantk::detail::concat;
  const std::string spread = concat("fake/real spread ", detail::brief(s.spread_ratio), " (complete collapse below ",
                                    detail::brief(criteria.complete_spread), ")");
  const std::string missing = concat(detail::percent(s.missing_mass), " of the real data lies in bins the generator ",
                                     "(nearly) never reaches (partial collapse from ",
                                     detail::percent(criteria.partial_missing_mass), "); ", s.bins_hit, " of ", s.bins,
                                     " bins hit");
  if (s.spread_ratio < criteria.complete_spread) {
    out.state = CollapseState::CompleteCollapse;
    out.reason = concat("the samples have lost their diversity: ", spread, "; ", missing);
  } else if (s.missing_mass >= criteria.partial_missing_mass) {
    out.state = CollapseState::PartialCollapse;
    out.reason = concat("the samples miss part of the data: ", missing, "; ", spread);
  } else {
    out.state = CollapseState::Healthy;
    out.reason = concat("diverse and spread over the data: ", spread, "; ", missing);
  }
  return out;
}

/// assess_collapse() with the reference built from `real` on the spot.
template <class DR, class DF>
CollapseAssessment assess_collapse(const Eigen::MatrixBase<DR>& real, const Eigen::MatrixBase<DF>& fake,
                                   const CollapseCriteria& criteria = {}) {
  return assess_collapse(CollapseReference(real, criteria), fake, criteria);
}

}  // namespace gantk::metrics
