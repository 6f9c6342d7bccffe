// One training run: what to run (RunSpec) and what came out of it (RunResult).
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <gantk/training/progress.hpp>
#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/collapse_monitor.hpp>
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
  double beta1 = -1, beta2 = -1;  ///< both set: Adam with these decays for both networks (Recipe::adam)
  int n_critic = 0;            ///< 0: the default
  long samples = 2500;         ///< drawn from G for evaluation and plots
  gantk::metrics::MixtureCoverageOptions coverage;  ///< the high-quality radius (data_sets.hpp)
  long record_every = 10;      ///< time series points are means over this many steps
  long monitor_every = 100;    ///< steps between the collapse monitor's checks
  const gantk::data::GaussianMixture* mixture = nullptr;
  const Projection* projection = nullptr;
  gantk::Progress progress = gantk::Progress::Auto;
  std::ostream* progress_out = nullptr;
  std::ostream* monitor_out = nullptr;  ///< one labelled line per change of the monitor's verdict; null: silent
  std::string label;           ///< prefix of its progress lines
  /// Called after every check of the collapse monitor with its record and the samples it judged
  /// (CollapseMonitorSettings::on_check); empty: not called.
  std::function<void(const gantk::metrics::CollapseRecord&, const Eigen::MatrixXd&)> on_check;
  long checkpoint_every = 0;   ///< 0: no checkpoints
  std::string checkpoint_path; ///< this run's checkpoint (--checkpoint-every, --resume)
  bool resume = false;         ///< start from checkpoint_path when it exists
};

/// A quantity recorded during training, one point per `record_every` steps.
struct TimeSeries {
  std::string name;
  std::vector<double> step, value;
};

/// The ground truth of the samples one monitor check judged (ground_truth.hpp): the lab knows the
/// mixture's centres, which the monitor never sees, so every check can be scored against them.
struct CheckTruth {
  gantk::metrics::CollapseState state = gantk::metrics::CollapseState::Healthy;  ///< the truth (ModeCount::OneSample)
  gantk::metrics::CollapseState state_by_share = gantk::metrics::CollapseState::Healthy;  ///< ModeCount::ByShare, for comparison
  int modes = 0;               ///< modes with a high-quality sample
  int modes_by_share = 0;      ///< modes holding ≥ 0.8% of the samples as high-quality samples
  double high_quality = 0;     ///< fraction of the samples within the high-quality radius
  double reverse_kl = 0;       ///< of the nearest-mode histogram against the mixture's weights
};

/// What the collapse monitor saw: one record per check, and its verdict at the end of training.
struct MonitorResult {
  long every = 0;  ///< steps between checks (a last check follows the last step)
  std::vector<gantk::metrics::CollapseRecord> history;
  gantk::metrics::CollapseState verdict = gantk::metrics::CollapseState::Healthy;
  long since = 0;  ///< the first check that saw the verdict
  gantk::metrics::CollapseCriteria criteria;  ///< the thresholds behind the verdicts
  std::string csv;  ///< the monitor's own CSV of the history (CollapseMonitor::csv)
  std::vector<CheckTruth> truth;  ///< the ground truth at each check, one per history record
};

struct RunResult {
  std::string name;
  std::uint64_t seed = 0;
  long steps = 0;              ///< steps completed
  int batch = 0;
  long record_every = 1;       ///< steps per point of the loss series
  double g_lr = 0, d_lr = 0;   ///< the learning rates the run started with (whoever chose them)
  double ms_per_step = 0;
  double seconds = 0;          ///< training wall time
  gantk::metrics::MixtureCoverage coverage;
  double mmd2 = NAN;           ///< MMD² (median-heuristic Gaussian kernel) against a fresh real sample
  Eigen::Matrix2Xd projected;  ///< G's samples in the plot plane
  std::vector<TimeSeries> series;  ///< D loss, G loss
  MonitorResult monitor;
  std::string error;           ///< why the run failed (divergence), empty when it succeeded
  bool ok() const { return error.empty(); }
};

}  // namespace lab
