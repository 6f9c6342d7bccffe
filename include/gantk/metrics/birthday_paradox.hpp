// The birthday-paradox test of support size (Arora & Zhang, "Do GANs actually learn the
// distribution? An empirical study", 2017): if batches of s samples contain a near-duplicate pair
// with probability P, a distribution that is uniform over N items has P ≈ 1 − exp(−s(s−1)/2N),
// so the generator's support is about N ≈ s(s−1) / (−2 ln(1 − P)) (≈ s²/1.4 at P = ½).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <set>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include <gantk/foundation/rng.hpp>
#include <gantk/metrics/pairwise_distances.hpp>

namespace gantk::metrics {

/// Settings of birthday_test().
struct BirthdayOptions {
  Index batch_size = 0;     ///< s, samples per batch (required: 2 ≤ s ≤ the number of samples)
  int batches = 20;         ///< random batches drawn (each without repetition; batches may overlap)
  double threshold = 0;     ///< two samples closer than this (Euclidean) are near-duplicates (required, > 0)
  int closest_pairs = 10;   ///< how many close pairs to report for inspection (BirthdayTest::closest)
  std::uint64_t seed = 0;   ///< seed of the batch draws
};

/// Settings of birthday_threshold(): calibrates the duplicate threshold on real data.
struct BirthdayCalibration {
  Index batch_size = 0;              ///< s, as in the test (required)
  int batches = 50;                  ///< real batches drawn
  double real_duplicate_rate = 0.1;  ///< fraction of real batches allowed a "duplicate" at the threshold
  std::uint64_t seed = 0;            ///< seed of the batch draws
};

/// Two samples (column indices) and their distance.
struct DuplicatePair {
  Index first = 0, second = 0;
  double distance = 0;
};

/// What the birthday test saw.
struct BirthdayTest {
  double duplicate_rate = 0;        ///< P̂: fraction of batches with at least one near-duplicate pair
  double mean_duplicate_pairs = 0;  ///< near-duplicate pairs per batch
  double support_estimate = 0;      ///< N̂ = s(s−1)/(−2 ln(1 − P̂)); +∞ when no batch had a duplicate
  /// For inspection by eye, as in the paper: each sample's nearest batch-mate (among those drawn
  /// before it in its batch), over all batches, closest first and without repeats. This nearest-
  /// neighbour graph always holds the closest pair of every batch.
  std::vector<DuplicatePair> closest;
};

namespace detail {

// distinct random indices: a partial Fisher–Yates shuffle of `pool`
inline void draw_batch(std::vector<Index>& pool, Index s, Rng& rng) {
  const Index n = static_cast<Index>(pool.size());
  for (Index i = 0; i < s; ++i) {
    const Index j = i + rng.below(static_cast<std::uint32_t>(n - i));
    std::swap(pool[static_cast<std::size_t>(i)], pool[static_cast<std::size_t>(j)]);
  }
}

// per batch: the closest pair partner of each sample among the earlier ones
struct BatchScan {
  std::vector<DuplicatePair> nearest;  // one per sample (except the first)
  Index pairs_below = 0;               // pairs closer than the threshold
};

inline BatchScan scan_batch(const Eigen::MatrixXd& samples, const std::vector<Index>& pool, Index s, double threshold) {
  Eigen::MatrixXd batch(samples.rows(), s);
  for (Index i = 0; i < s; ++i) batch.col(i) = samples.col(pool[static_cast<std::size_t>(i)]);
  BatchScan scan;
  scan.nearest.resize(static_cast<std::size_t>(s));
  std::vector<Index> below(static_cast<std::size_t>(s), 0);
  const double t2 = threshold * threshold;
  for_each_query_distances<double>(batch, batch, [&](Index i, const auto& d2) {
    Index best = 0;
    const double m = i > 0 ? d2.head(i).minCoeff(&best) : std::numeric_limits<double>::infinity();
    scan.nearest[static_cast<std::size_t>(i)] = {best, i, m};
    below[static_cast<std::size_t>(i)] = i > 0 ? (d2.head(i).array() < t2).count() : 0;
  });
  for (Index c : below) scan.pairs_below += c;
  for (auto& p : scan.nearest) {  // back to the indices of `samples`, the distance recomputed exactly
    if (!std::isfinite(p.distance)) continue;
    p.first = pool[static_cast<std::size_t>(p.first)];
    p.second = pool[static_cast<std::size_t>(p.second)];
    p.distance = (samples.col(p.first) - samples.col(p.second)).norm();
  }
  return scan;
}

}  // namespace detail

/// Runs the birthday-paradox test on generated samples (d × n): draws `batches` random batches of
/// s samples, counts those holding a pair closer than `threshold`, and converts that rate into a
/// support-size estimate (see the file comment). Arora & Zhang inspect the closest pairs by eye;
/// `closest` lists them for that purpose. Choose the threshold with birthday_threshold() on real
/// data, or from knowledge of the data (for images, the distance below which two images look the
/// same). Computed in double precision.
/// @throws gantk::Error on a bad batch size or threshold, or empty or non-finite samples.
template <class Derived>
BirthdayTest birthday_test(const Eigen::MatrixBase<Derived>& samples, BirthdayOptions options) {
  detail::check_samples("birthday_test", "input", samples, 2);
  GANTK_CHECK(options.batch_size >= 2 && options.batch_size <= samples.cols(),
              "birthday_test: batch_size must lie in [2, ", samples.cols(), "] (the number of samples), got ",
              options.batch_size);
  GANTK_CHECK(options.batches >= 1, "birthday_test: batches must be at least 1, got ", options.batches);
  GANTK_CHECK(options.threshold > 0 && std::isfinite(options.threshold),
              "birthday_test: threshold must be finite and > 0, got ", options.threshold,
              " (calibrate it with birthday_threshold on real data)");
  GANTK_CHECK(options.closest_pairs >= 0, "birthday_test: closest_pairs must be ≥ 0, got ", options.closest_pairs);
  const Eigen::MatrixXd x = samples.template cast<double>();
  const Index s = options.batch_size;
  std::vector<Index> pool(static_cast<std::size_t>(x.cols()));
  std::iota(pool.begin(), pool.end(), Index(0));
  Rng rng(options.seed, 0x62646179);  // stream "bday"

  BirthdayTest out;
  std::vector<DuplicatePair> candidates;
  int with_duplicate = 0;
  Index pairs = 0;
  for (int b = 0; b < options.batches; ++b) {
    detail::draw_batch(pool, s, rng);
    const auto scan = detail::scan_batch(x, pool, s, options.threshold);
    pairs += scan.pairs_below;
    with_duplicate += scan.pairs_below > 0 ? 1 : 0;
    for (const auto& p : scan.nearest)
      if (std::isfinite(p.distance)) candidates.push_back(p);
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const DuplicatePair& a, const DuplicatePair& b) { return a.distance < b.distance; });
  std::set<std::pair<Index, Index>> seen;  // overlapping batches can find the same pair twice
  for (const auto& p : candidates) {
    if (static_cast<int>(out.closest.size()) >= options.closest_pairs) break;
    const auto key = std::minmax(p.first, p.second);
    if (seen.insert({key.first, key.second}).second) out.closest.push_back({key.first, key.second, p.distance});
  }

  const double batches = options.batches;
  out.duplicate_rate = with_duplicate / batches;
  out.mean_duplicate_pairs = static_cast<double>(pairs) / batches;
  // every batch collided: P̂ = 1 would give N̂ = 0, so take the rate one half-batch short of it
  const double p = std::min(out.duplicate_rate, 1.0 - 0.5 / batches);
  const double pairs_per_batch = 0.5 * static_cast<double>(s) * static_cast<double>(s - 1);
  out.support_estimate = p > 0 ? pairs_per_batch / -std::log1p(-p) : std::numeric_limits<double>::infinity();
  return out;
}

/// A duplicate threshold calibrated on real samples (d × n): the distance below which only a
/// fraction `real_duplicate_rate` of random real batches of size s hold a pair, i.e. that
/// quantile of the per-batch minimum pair distance. A generator whose batches collide far more
/// often than that at the same threshold has a smaller support than the data.
/// @throws gantk::Error on a bad batch size or rate, or empty or non-finite samples.
template <class Derived>
double birthday_threshold(const Eigen::MatrixBase<Derived>& real, BirthdayCalibration options) {
  detail::check_samples("birthday_threshold", "real", real, 2);
  GANTK_CHECK(options.batch_size >= 2 && options.batch_size <= real.cols(),
              "birthday_threshold: batch_size must lie in [2, ", real.cols(), "] (the number of real samples), got ",
              options.batch_size);
  GANTK_CHECK(options.batches >= 1, "birthday_threshold: batches must be at least 1, got ", options.batches);
  GANTK_CHECK(options.real_duplicate_rate > 0 && options.real_duplicate_rate < 1,
              "birthday_threshold: real_duplicate_rate must lie in (0, 1), got ", options.real_duplicate_rate);
  const Eigen::MatrixXd x = real.template cast<double>();
  std::vector<Index> pool(static_cast<std::size_t>(x.cols()));
  std::iota(pool.begin(), pool.end(), Index(0));
  Rng rng(options.seed, 0x63616c69);  // stream "cali"
  std::vector<double> minima;
  for (int b = 0; b < options.batches; ++b) {
    detail::draw_batch(pool, options.batch_size, rng);
    const auto scan = detail::scan_batch(x, pool, options.batch_size, 0.0);
    double m = std::numeric_limits<double>::infinity();
    for (const auto& p : scan.nearest) m = std::min(m, p.distance);
    minima.push_back(m);
  }
  std::sort(minima.begin(), minima.end());
  // the largest threshold at which at most that fraction of batches has a pair strictly below it
  const auto allowed = static_cast<std::size_t>(std::floor(options.real_duplicate_rate * options.batches));
  return minima[std::min(allowed, minima.size() - 1)];
}

}  // namespace gantk::metrics
