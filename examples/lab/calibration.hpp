// The collapse monitor's calibration: ground truth for a sample set drawn against a Gaussian
// mixture whose centres are known (the monitor never sees them), sample sets built to collapse
// on purpose, and the confusion matrix of the monitor's verdicts against the truth.
// Used by monitor_calibration.cpp (docs/monitor-calibration.md) and tests/unit/test_monitor_calibration.cpp.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <gantk/foundation/rng.hpp>
#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/collapse_assessment.hpp>
#include <gantk/metrics/mixture_coverage.hpp>

#include "data_sets.hpp"
#include "ground_truth.hpp"

namespace lab::calibration {

using gantk::Index;
using gantk::metrics::CollapseState;

/// Rows: the truth; columns: the monitor's verdict (both indexed by CollapseState's value).
struct Confusion {
  std::array<std::array<long, 3>, 3> count{};
  void add(CollapseState truth, CollapseState verdict) { ++count[static_cast<int>(truth)][static_cast<int>(verdict)]; }
  long total() const {
    long t = 0;
    for (const auto& row : count)
      for (long c : row) t += c;
    return t;
  }
  long agreed() const { return count[0][0] + count[1][1] + count[2][2]; }
  double agreement() const { return total() ? static_cast<double>(agreed()) / static_cast<double>(total()) : 0.0; }
  /// Complete collapses the monitor read as healthy: the one error the goal forbids outright.
  long complete_read_healthy() const { return count[2][0]; }
};

/// A sample set built on purpose, with the truth it was built to have.
struct SyntheticCase {
  std::string data;   ///< "ring", "grid", "ring12", "mix10d", "highdim"
  std::string kind;   ///< what was built ("one mode", "blob between modes", ...)
  CollapseState truth;           ///< ModeCount::OneSample (or by construction)
  CollapseState truth_by_share;  ///< ModeCount::ByShare (or by construction), for comparison
  gantk::data::GaussianMixture mixture;  ///< the real data
  Eigen::MatrixXd fake;                  ///< the generated samples
};

/// The mixtures the synthetic cases are built on, by name.
inline gantk::data::GaussianMixture synthetic_mixture(const std::string& name) {
  using namespace gantk::data;
  if (name == "ring") return Ring{}.dataset();
  if (name == "grid") return Grid{}.dataset();
  if (name == "ring12") return Ring{.modes = 12}.dataset();
  if (name == "mix10d") return HighDimensionalMixture{.dim = 10, .modes = 20, .seed = 10}.dataset();
  return HighDimensionalMixture{}.dataset();
}

namespace detail {

/// n samples of N(c_k, (s·σ)²) with k drawn from `components` with the given weights (uniform if empty).
inline Eigen::MatrixXd draw_components(const gantk::data::GaussianMixture& mix, const std::vector<Index>& components,
                                       double s, Index n, gantk::Rng& rng, std::vector<double> weights = {}) {
  if (weights.empty()) weights.assign(components.size(), 1.0);
  gantk::HostMatrix<double> c(mix.width(), static_cast<Index>(components.size()));
  for (std::size_t j = 0; j < components.size(); ++j) c.col(static_cast<Index>(j)) = mix.centers().col(components[j]);
  return gantk::data::GaussianMixture(c, s * mix.stddev(), weights).draw<double>(n, rng);
}

/// A Gaussian blob N(centre, (r)² I).
inline Eigen::MatrixXd blob(const Eigen::VectorXd& centre, double r, Index n, gantk::Rng& rng) {
  Eigen::MatrixXd x(centre.size(), n);
  rng.fill_normal(x.data(), x.size(), 0.0, r);
  return x.colwise() + centre;
}

/// The components nearest to component 0 (by centre distance), 0 first.
inline std::vector<Index> by_distance_from_first(const gantk::data::GaussianMixture& mix) {
  std::vector<Index> order(static_cast<std::size_t>(mix.components()));
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<Index>(i);
  const Eigen::VectorXd c0 = mix.centers().col(0);
  std::sort(order.begin(), order.end(), [&](Index a, Index b) {
    return (mix.centers().col(a) - c0).squaredNorm() < (mix.centers().col(b) - c0).squaredNorm();
  });
  return order;
}

}  // namespace detail

/// The sample sets built on purpose for one data set, n samples each, from `seed`. Truth by
/// construction for the four shapes of complete collapse the seeds' sense defines (one kind of
/// output whatever z: a point or one sharp mode, a blob between modes, a blob off the data, a wide
/// smear); by ground_truth() for the rest (the data itself, lost or starved modes, modes a little off).
inline std::vector<SyntheticCase> synthetic_cases(const std::string& data, Index n, std::uint64_t seed) {
  using detail::blob;
  using detail::draw_components;
  const auto mix = synthetic_mixture(data);
  const Index k = mix.components();
  const double sigma = mix.stddev();
  gantk::Rng rng(seed, 0x63616c);
  const auto order = detail::by_distance_from_first(mix);
  std::vector<Index> all(order.begin(), order.end());
  const auto first = [&](Index m) { return std::vector<Index>(order.begin(), order.begin() + m); };
  const Eigen::VectorXd mean = mix.centers().rowwise().mean();
  // the data's covariance: mixture centres' scatter plus σ²
  const Eigen::MatrixXd centred = mix.centers().colwise() - mean;
  const double smear_sd = std::sqrt(centred.squaredNorm() / static_cast<double>(k * mix.width()) + sigma * sigma);

  std::vector<SyntheticCase> out;
  const auto by_truth = [&](std::string kind, Eigen::MatrixXd fake) {
    const CollapseState t = ground_truth(fake, mix), t_by_share = ground_truth(fake, mix, ModeCount::ByShare);
    out.push_back({data, std::move(kind), t, t_by_share, mix, std::move(fake)});
  };
  const auto built = [&](std::string kind, CollapseState t, Eigen::MatrixXd fake) {
    out.push_back({data, std::move(kind), t, t, mix, std::move(fake)});
  };
  by_truth("the data", draw_components(mix, all, 1.0, n, rng));
  by_truth("the data, 1.5 sigma wide", draw_components(mix, all, 1.5, n, rng));
  {
    Eigen::MatrixXd shifted = draw_components(mix, all, 1.0, n, rng);
    Eigen::VectorXd dir(mix.width());
    rng.fill_normal(dir.data(), dir.size(), 0.0, 1.0);
    shifted.colwise() += 2.0 * sigma * dir.normalized();  // every mode 2σ off its centre
    by_truth("the data, 2 sigma off centre", std::move(shifted));
  }
  by_truth("one mode lost", draw_components(mix, first(k - 1), 1.0, n, rng));
  by_truth("half the modes", draw_components(mix, first(std::max<Index>(2, k / 2)), 1.0, n, rng));
  {
    std::vector<double> w(static_cast<std::size_t>(k), 1.0);
    w[0] = 0.1;  // one mode at a tenth of its share
    by_truth("one mode starved", draw_components(mix, all, 1.0, n, rng, w));
  }
  by_truth("two modes", draw_components(mix, first(2), 1.0, n, rng));
  built("one mode", CollapseState::CompleteCollapse, draw_components(mix, first(1), 1.0, n, rng));
  built("one point", CollapseState::CompleteCollapse, Eigen::MatrixXd(mix.centers().col(0).replicate(1, n)));
  {
    const Eigen::VectorXd mid = 0.5 * (mix.centers().col(order[0]) + mix.centers().col(order[1]));
    built("blob between modes", CollapseState::CompleteCollapse, blob(mid, 3 * sigma, n, rng));
  }
  {
    Eigen::VectorXd far = mean;
    const double reach = centred.colwise().norm().maxCoeff();
    far(0) += 1.5 * reach + 10 * sigma;
    built("blob off the data", CollapseState::CompleteCollapse, blob(far, 3 * sigma, n, rng));
  }
  built("wide smear", CollapseState::CompleteCollapse, blob(mean, smear_sd, n, rng));
  return out;
}

}  // namespace lab::calibration
