// The pure half of the collapse monitor: from a real and a generated sample set to a verdict
// (healthy, partially collapsed, completely collapsed), with the statistics behind it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <gantk/metrics/kmeans.hpp>
#include <gantk/metrics/nearest_neighbour.hpp>
#include <gantk/metrics/pairwise_distances.hpp>

namespace gantk::metrics {

/// How much of the data a generator still produces.
enum class CollapseState {
  Healthy = 0,           ///< reaches every region of the data, each with at least a quarter of its share
  PartialCollapse = 1,   ///< reaches two or more regions, but misses (or starves) some
  CompleteCollapse = 2,  ///< one kind of output whatever z: its mass sits in at most one region of the data, or in none
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

/// The thresholds of assess_collapse(), all settable. Distances are measured in units of the real
/// data's own scale: the `scale_quantile` quantile of the distances from each real sample to its
/// `on_data_neighbours`-th nearest other real sample (see docs/metrics.md, "The collapse monitor").
struct CollapseCriteria {
  /// A fake is *on the data* within this many scales of its on_data_neighbours-th nearest real
  /// sample: close enough to count as a sample of that region (the monitor's stand-in for "high
  /// quality", which needs the modes' centres and widths it may not read).
  double on_data_distance = 1.0;
  /// Quantile of the real samples' distances to their on_data_neighbours-th nearest other that
  /// sets the scale: a fake on the data is no farther from the real samples than (nearly) the most
  /// isolated real sample is from the others.
  double scale_quantile = 0.99;
  /// Which neighbour measures "how far from the data": the k-th nearest real sample (k = 3 as in
  /// Kynkäänniemi et al. 2019's precision and recall). Fakes on the data then form a k-NN density
  /// level set holding scale_quantile of the real data. With k = 1 that set is the union of discs
  /// around every real sample, tails included, which a blur fills well beyond the modes (twice the
  /// truth's high-quality share on the grid); a few neighbours make it follow the density. Keep k
  /// well under the real samples of the smallest region: at 10 of a grid mode's ~20, a thin mode's
  /// 10th neighbour lies in the next mode and the scale swells (docs/metrics.md).
  int on_data_neighbours = 3;
  /// A bin is starved when its share of the fakes (each fake in the bin of its nearest real sample)
  /// is below this multiple of its real share, or when none of its fakes is on the data.
  double starved_share = 0.25;
  /// Partial collapse when the real share of the starved bins exceeds this (0: any starved bin).
  double partial_missing_mass = 0.0;
  /// Complete collapse when the fakes on the data are fewer than this multiple of one bin's mean
  /// share (1/bins): the mass sits on none of the data, as the ground truth's "a quarter of one
  /// mode's share" (a wide smear or a blur puts a stray sample or two there, in bins it crosses).
  double complete_on_data_of_bin_share = 0.25;
  /// Complete collapse when at most this many bins are not starved (the mass sits in one region or in none).
  int complete_bins = 1;
  /// Complete collapse when KL(fake bin histogram ‖ real bin shares) ≥ this × ln(bins): the fakes
  /// pile into one bin even if a little of them strays elsewhere.
  double complete_concentration = 0.9;
  /// Complete collapse when (mean fake pairwise distance) / (mean real pairwise distance) falls below this.
  double complete_spread = 0.1;
  /// The bins: k-means on the real samples with the fewest clusters that leave at most
  /// `unexplained_variance` of the real variance within clusters, then up to 3 more where one
  /// more cluster divides what is left by the most (at least 2): a merged pair of tight modes leaves
  /// ten times what the separated pair does, and 23 clusters already explain 99% of the 5 × 5 grid. Data made of K tight modes thus gets K bins;
  /// data without such structure gets max_bins. Why not always max_bins: bins are the regions whose
  /// share is checked, and a mode split into several bins is judged piece by piece.
  int max_bins = 32;
  /// See max_bins.
  double unexplained_variance = 0.01;
  /// k-means runs (k-means++ seeds) per cluster count; the lowest inertia wins.
  int kmeans_restarts = 5;
  /// Seed of k-means++.
  std::uint64_t seed = 0;
};

/// The statistics behind a verdict.
struct CollapseStatistics {
  double spread_ratio = 0;  ///< mean pairwise distance, fake / real
  double missing_mass = 0;  ///< real share of the starved bins
  int bins_hit = 0;         ///< bins with at least one fake on the data
  int bins_present = 0;     ///< bins that are not starved
  int bins = 0;             ///< bins in all
  double on_data = 0;       ///< fraction of the fakes on the data (on_data_distance scales of the real samples, measured to the on_data_neighbours-th nearest)
  double concentration = 0;  ///< KL(fake bin histogram ‖ real bin shares) / ln(bins); fakes go to their nearest real sample's bin
  double fake_spread = 0;   ///< mean pairwise distance of the fakes
  double real_spread = 0;   ///< mean pairwise distance of the real samples
  double scale = 0;         ///< the real data's nearest-neighbour scale
};

/// A verdict, its statistics, and a sentence saying why.
struct CollapseAssessment {
  CollapseState state = CollapseState::Healthy;
  CollapseStatistics statistics;
  std::string reason;
};

/// The real side of an assessment, computed once: the real samples, their spread, their
/// nearest-neighbour scale and their k-means bins (NDB-style, Richardson & Weiss 2018).
class CollapseReference {
 public:
  /// @param real      d × n real samples (n ≥ criteria.max_bins, n ≥ 2, not all identical)
  /// @param criteria  its max_bins, unexplained_variance, kmeans_restarts, seed and scale_quantile shape the reference
  template <class Derived>
  explicit CollapseReference(const Eigen::MatrixBase<Derived>& real, const CollapseCriteria& criteria = {})
      : samples_(real.template cast<double>()) {
    detail::check_samples("collapse assessment", "real", real, 2);
    GANTK_CHECK(criteria.max_bins >= 1, "collapse assessment: max_bins must be at least 1, got ", criteria.max_bins);
    GANTK_CHECK(real.cols() >= criteria.max_bins, "collapse assessment: max_bins = ", criteria.max_bins,
                " needs at least as many real samples, got ", real.cols());
    GANTK_CHECK(criteria.unexplained_variance >= 0 && criteria.unexplained_variance <= 1,
                "collapse assessment: unexplained_variance must lie in [0, 1], got ", criteria.unexplained_variance);
    GANTK_CHECK(criteria.kmeans_restarts >= 1, "collapse assessment: kmeans_restarts must be at least 1, got ",
                criteria.kmeans_restarts);
    GANTK_CHECK(criteria.scale_quantile >= 0 && criteria.scale_quantile <= 1,
                "collapse assessment: scale_quantile must lie in [0, 1], got ", criteria.scale_quantile);
    spread_ = mean_pairwise_distance(samples_);
    GANTK_CHECK(spread_ > 0, "collapse assessment: the real samples are all identical");
    choose_bins(criteria);
    GANTK_CHECK(criteria.on_data_neighbours >= 1 && criteria.on_data_neighbours < real.cols(),
                "collapse assessment: on_data_neighbours must lie in [1, ", real.cols() - 1, "] for ", real.cols(),
                " real samples, got ", criteria.on_data_neighbours);
    neighbours_ = criteria.on_data_neighbours;
    const NearestNeighbours own = nearest_neighbours(samples_, samples_, neighbours_);
    std::vector<double> d(own.kth_distance.data(), own.kth_distance.data() + own.kth_distance.size());
    const auto at = static_cast<std::ptrdiff_t>(std::lround(criteria.scale_quantile * static_cast<double>(d.size() - 1)));
    std::nth_element(d.begin(), d.begin() + at, d.end());
    scale_ = d[static_cast<std::size_t>(at)];
    if (scale_ <= 0) scale_ = spread_ * 1e-6;  // duplicated real samples: fall back to a tiny fraction of the spread
  }

  const Eigen::MatrixXd& samples() const { return samples_; }
  /// Mean pairwise distance of the real samples.
  double spread() const { return spread_; }
  /// The nearest-neighbour scale: the scale_quantile quantile of each real sample's distance to its
  /// neighbours()-th nearest other.
  double scale() const { return scale_; }
  /// k of the scale: which nearest real sample measures how far a fake lies from the data.
  int neighbours() const { return neighbours_; }
  const Eigen::MatrixXd& centroids() const { return centroids_; }
  /// The bin of each real sample.
  const std::vector<Index>& labels() const { return labels_; }
  /// Share of the real samples in each bin.
  const Eigen::VectorXd& proportions() const { return proportions_; }
  Index width() const { return samples_.rows(); }

 private:
  KMeans best_kmeans(int k, const CollapseCriteria& c) const {
    KMeans best;
    for (int r = 0; r < c.kmeans_restarts; ++r) {
      KMeans km = kmeans(samples_, {.clusters = k, .seed = c.seed + static_cast<std::uint64_t>(r)});
      if (r == 0 || km.inertia < best.inertia) best = std::move(km);
    }
    return best;
  }

  void choose_bins(const CollapseCriteria& c) {
    const double total = (samples_.colwise() - samples_.rowwise().mean()).squaredNorm();
    KMeans km = best_kmeans(1, c);
    int k = 1;
    while (k < c.max_bins && km.inertia > c.unexplained_variance * total) km = best_kmeans(++k, c);
    // Past the variance target, look a few cluster counts further for a sharper elbow: the count
    // after which one cluster fewer leaves the most unexplained (a merged pair of tight modes
    // leaves ten times what the separated pair does).
    double sharpest = 2.0;  // an elbow must at least halve what is left
    double previous = km.inertia;
    KMeans chosen = km;
    for (int j = k + 1; j <= std::min(c.max_bins, k + 3) && km.inertia > 0; ++j) {
      KMeans next = best_kmeans(j, c);
      const double ratio = next.inertia > 0 ? previous / next.inertia : std::numeric_limits<double>::infinity();
      if (ratio > sharpest) sharpest = ratio, chosen = next;
      previous = next.inertia;
    }
    centroids_ = chosen.centroids;
    labels_ = chosen.labels;
    proportions_ = chosen.sizes / static_cast<double>(samples_.cols());
  }

  Eigen::MatrixXd samples_;
  double spread_ = 0, scale_ = 0;
  int neighbours_ = 1;
  Eigen::MatrixXd centroids_;
  std::vector<Index> labels_;
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

/// Classifies generated samples (d × m, m ≥ 2) against a real reference. Each fake goes to the bin
/// of its nearest real sample. A bin is starved when its share of the fakes is below
/// starved_share × its real share, or when none of its fakes is on the data (its
/// on_data_neighbours-th nearest real sample within on_data_distance scales). Then, in this order:
///  1. complete collapse  if at most complete_bins bins are not starved (the mass sits in one
///                        region or in none: one mode, a point, a blob between modes or off the
///                        data, a wide smear), or the fakes' bin histogram is concentrated
///                        (KL ≥ complete_concentration · ln bins), or fewer than
///                        complete_on_data_of_bin_share / bins of the fakes lie on the data, or
///                        spread_ratio < complete_spread;
///  2. partial collapse   if missing_mass (the real share of the starved bins) > partial_missing_mass;
///  3. healthy            otherwise.
/// The bins and the scale are the reference's (criteria.max_bins, unexplained_variance,
/// kmeans_restarts, scale_quantile, on_data_neighbours and seed unused here).
/// @throws gantk::Error on a width mismatch, fewer than 2 fakes, non-finite values or bad thresholds.
template <class Derived>
CollapseAssessment assess_collapse(const CollapseReference& reference, const Eigen::MatrixBase<Derived>& fake,
                                   const CollapseCriteria& criteria = {}) {
  detail::check_samples("assess_collapse", "fake", fake, 2);
  detail::check_same_width("assess_collapse", reference.samples(), "real", fake, "fake");
  GANTK_CHECK(criteria.complete_spread >= 0 && criteria.partial_missing_mass >= 0 && criteria.starved_share >= 0 &&
                  criteria.complete_concentration >= 0 && criteria.complete_on_data_of_bin_share >= 0,
              "assess_collapse: thresholds must be ≥ 0, got complete_spread ", criteria.complete_spread,
              ", partial_missing_mass ", criteria.partial_missing_mass, ", starved_share ", criteria.starved_share,
              ", complete_concentration ", criteria.complete_concentration);
  GANTK_CHECK(criteria.on_data_distance > 0, "assess_collapse: on_data_distance must be positive, got ",
              criteria.on_data_distance);
  CollapseAssessment out;
  auto& s = out.statistics;
  s.real_spread = reference.spread();
  s.fake_spread = mean_pairwise_distance(fake);
  s.spread_ratio = s.fake_spread / s.real_spread;
  s.scale = reference.scale();

  const Eigen::VectorXd& real_share = reference.proportions();
  const Index bins = real_share.size();
  s.bins = static_cast<int>(bins);
  const Eigen::MatrixXd f = fake.template cast<double>();
  const NearestNeighbours nn = nearest_neighbours(f, reference.samples(), reference.neighbours());
  const double m = static_cast<double>(f.cols());
  Eigen::VectorXd fake_share = Eigen::VectorXd::Zero(bins);
  Eigen::VectorXi on_data = Eigen::VectorXi::Zero(bins);
  for (Index i = 0; i < f.cols(); ++i) {
    const Index b = reference.labels()[nn.index[static_cast<std::size_t>(i)]];
    const double d = nn.kth_distance(i) / s.scale;
    fake_share(b) += 1 / m;
    if (d <= criteria.on_data_distance) on_data(b) += 1, s.on_data += 1 / m;
  }
  double kl = 0;
  for (Index b = 0; b < bins; ++b) {
    if (on_data(b) > 0) ++s.bins_hit;
    const bool starved = on_data(b) == 0 || fake_share(b) < criteria.starved_share * real_share(b);
    if (starved) s.missing_mass += real_share(b);
    else ++s.bins_present;
    if (fake_share(b) > 0) kl += fake_share(b) * std::log(fake_share(b) / real_share(b));
  }
  s.concentration = bins > 1 ? kl / std::log(static_cast<double>(bins)) : 0.0;

  using gantk::detail::concat;
  const std::string regions = concat(s.bins_present, " of ", s.bins, " regions of the data hold their share (", s.bins_hit,
                                     " reached at all); ", detail::percent(s.on_data), " of the samples on the data");
  const std::string spread = concat("fake/real spread ", detail::brief(s.spread_ratio));
  if (s.bins_present <= criteria.complete_bins) {
    out.state = CollapseState::CompleteCollapse;
    out.reason = concat("the samples' mass sits in at most ", criteria.complete_bins, " region of the data: ", regions,
                        "; ", spread);
  } else if (const double least_on_data = criteria.complete_on_data_of_bin_share / static_cast<double>(bins);
             s.on_data < least_on_data) {
    out.state = CollapseState::CompleteCollapse;
    out.reason = concat("(nearly) no sample lies on the data (complete collapse below ", detail::percent(least_on_data),
                        ", a quarter of one region's share): ", regions, "; ", spread);
  } else if (s.concentration >= criteria.complete_concentration) {
    out.state = CollapseState::CompleteCollapse;
    out.reason = concat("the samples pile into one region: concentration ", detail::brief(s.concentration),
                        " (complete from ", detail::brief(criteria.complete_concentration), "); ", regions);
  } else if (s.spread_ratio < criteria.complete_spread) {
    out.state = CollapseState::CompleteCollapse;
    out.reason = concat("the samples have lost their diversity: ", spread, " (complete collapse below ",
                        detail::brief(criteria.complete_spread), "); ", regions);
  } else if (s.missing_mass > criteria.partial_missing_mass) {
    out.state = CollapseState::PartialCollapse;
    out.reason = concat("the samples miss part of the data: ", detail::percent(s.missing_mass),
                        " of the real data lies in regions the generator starves; ", regions);
  } else {
    out.state = CollapseState::Healthy;
    out.reason = concat("every region of the data holds its share: ", regions, "; ", spread);
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
