// One training run: what to run (RunSpec) and what came out of it (RunResult).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <gantk/core/progress.hpp>
#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/mixture_coverage.hpp>

#include "projection.hpp"

namespace lab {

struct RunSpec {
  std::size_t entry = 0;       ///< index into the catalog
  std::string name;            ///< the entry's name
  std::uint64_t seed = 1;
  long steps = 0;
  int batch = 0;
  double g_lr = 0, d_lr = 0;   ///< 0: the optimizer's default
  int n_critic = 0;            ///< 0: the default
  long samples = 2500;         ///< drawn from G for evaluation and plots
  double hq_sigmas = 3;        ///< high quality: within this many σ of the nearest centre
  long record_every = 10;      ///< time series points are means over this many steps
  const gantk::data::GaussianMixture* mixture = nullptr;
  const Projection* projection = nullptr;
  gantk::Progress progress = gantk::Progress::Auto;
  std::ostream* progress_out = nullptr;
  std::string label;           ///< prefix of its progress lines
};

/// A quantity recorded during training, one point per `record_every` steps.
struct TimeSeries {
  std::string name;
  std::vector<double> step, value;
};

struct RunResult {
  std::string name;
  std::uint64_t seed = 0;
  long steps = 0;              ///< steps completed
  int batch = 0;
  double ms_per_step = 0;
  double seconds = 0;          ///< training wall time
  gantk::metrics::MixtureCoverage coverage;
  // INTEGRATION(metrics): double mmd = NAN; (and a column for it in columns.hpp)
  Eigen::Matrix2Xd projected;  ///< G's samples in the plot plane
  std::vector<TimeSeries> series;  ///< D loss, G loss; INTEGRATION(metrics): the collapse monitor's series
  std::string error;           ///< why the run failed (divergence), empty when it succeeded
  bool ok() const { return error.empty(); }
};

}  // namespace lab
