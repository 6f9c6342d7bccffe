// The collapse monitor: a fit() callback that, every N steps, samples the generator with its own
// random stream, assesses the samples against real data (collapse_assessment.hpp), warns when the
// verdict changes, records a time series, and can stop training or call the user's function.
//
//   metrics::CollapseMonitor monitor(data::Ring{}, {.every = 200, .stop_at = metrics::CollapseState::CompleteCollapse});
//   gan.fit(data::Ring{}, {.steps = 20'000}, monitor);
//   monitor.write_csv("collapse.csv");
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <iomanip>
#include <limits>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include <gantk/foundation/rng.hpp>
#include <gantk/training/run_types.hpp>
#include <gantk/data/dataset.hpp>
#include <gantk/io/atomic_file.hpp>
#include <gantk/metrics/collapse_assessment.hpp>

namespace gantk::metrics {

/// MERGE POINT (checkpoints): the advice printed on a complete collapse. This branch has no
/// checkpoint files, so it tells the user to keep parameters in memory; once
/// `gan.save_checkpoint(path)` / `gan.load_checkpoint(path)` and the rollback-on-divergence fit
/// option exist, point this text (and only this text) at them.
inline constexpr std::string_view complete_collapse_advice =
    "  What to do: G emits one kind of output whatever z and rarely recovers by itself. Reload an earlier\n"
    "  checkpoint (gan.load_checkpoint; FitOptions::checkpoint_every keeps one, and\n"
    "  FitOptions::on_divergence = OnDivergence::RollbackAndReduceLr rolls back on divergence) and go on with\n"
    "  a lower G learning rate, or train anew with a remedy (PacGAN, minibatch discrimination, an unrolled D,\n"
    "  a Wasserstein loss with a gradient penalty: another GAN type, which a checkpoint does not load into).\n"
    "  See docs/metrics.md.\n";

/// One check of the monitor.
struct CollapseRecord {
  long step = 0;                                   ///< training steps completed at the check
  CollapseState observed = CollapseState::Healthy;  ///< this check's verdict
  CollapseState state = CollapseState::Healthy;     ///< the reported state after it (lags `observed` while patience waits)
  CollapseStatistics statistics;
  /// D's outputs (logits or critic values) on the check's real and fake samples; NaN when not
  /// measured. Recorded for diagnosis, not used by the verdict: a D whose fake outputs barely
  /// vary while its real outputs do is another face of a collapsed generator.
  double d_real_mean = std::numeric_limits<double>::quiet_NaN();
  double d_real_std = std::numeric_limits<double>::quiet_NaN();
  double d_fake_mean = std::numeric_limits<double>::quiet_NaN();
  double d_fake_std = std::numeric_limits<double>::quiet_NaN();
  double d_loss = 0, g_loss = 0;  ///< from the step's StepInfo
};

/// What on_change receives when the reported state changes.
struct CollapseChange {
  CollapseState from = CollapseState::Healthy;
  CollapseState to = CollapseState::Healthy;
  long step = 0;         ///< the check that confirmed the change
  long since = 0;        ///< the first check that saw the new state
  long previous_since = 0;  ///< since when the old state held
  CollapseRecord record;  ///< that check's record
  std::string reason;     ///< the assessment's explanation
};

/// Settings of CollapseMonitor (designated initializers: {.every = 200, .patience = 2}).
struct CollapseMonitorSettings {
  long every = 100;                       ///< check after every `every` steps
  long start = 0;                         ///< no check before this step (early G is naturally narrow)
  Index samples = 512;                    ///< fake samples per check, and real samples in the reference
  CollapseCriteria criteria{};            ///< thresholds of the verdict (collapse_assessment.hpp)
  int patience = 1;                       ///< consecutive checks that must agree before a change is reported
  std::optional<CollapseState> stop_at;   ///< ask fit() to stop once the state is this bad or worse
  std::ostream* out = &std::cerr;         ///< where warnings go; nullptr for none
  std::function<void(const CollapseChange&)> on_change;  ///< called on every reported change
  /// Called after every check with its record and the generated samples it judged (d × samples,
  /// in double): to measure more on the same samples, or to compare the verdict with a truth.
  std::function<void(const CollapseRecord&, const Eigen::MatrixXd&)> on_check;
  bool discriminator = true;              ///< also record D's outputs (gan.discriminate)
  std::uint64_t seed = 0x6d6f6e69746f72;  ///< the monitor's own random stream (real and fake draws)
};

/// A fit() callback that watches for mode collapse. Pass it by reference (gan.fit(data, opts,
/// monitor)) to read its history afterwards. It draws from the generator with its own Rng and
/// never touches the GAN's random streams, so training is the same with or without it.
class CollapseMonitor {
 public:
  /// Watches against `settings.samples` real samples drawn once from a dataset (or its
  /// description, such as data::Ring{}).
  template <class Data>
    requires(Dataset<Data> || DatasetSpec<Data>)
  explicit CollapseMonitor(const Data& data, CollapseMonitorSettings settings = {})
      : CollapseMonitor(draw_real(gantk::detail::as_dataset(data), settings), settings) {}

  /// Watches against the given real samples (d × n).
  template <class Derived>
  explicit CollapseMonitor(const Eigen::MatrixBase<Derived>& real, CollapseMonitorSettings settings = {})
      : settings_(validated(settings)),
        reference_(real, settings_.criteria),
        rng_(Rng(settings_.seed).split(2)) {}

  /// fit()'s callback: checks after every settings.every steps from settings.start on; returns
  /// Control::Stop when the reported state reaches settings.stop_at.
  template <class Gan>
  Control operator()(Gan& gan, const StepInfo& info) {
    if (info.step < settings_.start || info.step % settings_.every != 0) return Control::Continue;
    return check(gan, info);
  }

  /// Checks now, whatever the step. `gan` needs sample(n, Rng&) returning d × n samples;
  /// discriminate(x) is used when present.
  template <class Gan>
  Control check(Gan& gan, const StepInfo& info) {
    const auto fake = gan.sample(settings_.samples, rng_);
    const CollapseAssessment a = assess_collapse(reference_, fake, settings_.criteria);
    CollapseRecord r;
    r.step = info.step;
    r.observed = a.state;
    r.statistics = a.statistics;
    r.d_loss = info.d_loss;
    r.g_loss = info.g_loss;
    if constexpr (requires { gan.discriminate(fake); }) {
      if (settings_.discriminator) record_discriminator(gan, fake, r);
    }
    std::optional<CollapseChange> change = update_state(r.observed, r.step);
    r.state = state_;
    history_.push_back(r);
    if (settings_.on_check) settings_.on_check(r, fake.template cast<double>());
    if (change) {
      change->record = r;
      change->reason = a.reason;
      announce(*change);
      if (settings_.on_change) settings_.on_change(*change);
    }
    const bool stop = settings_.stop_at && static_cast<int>(state_) >= static_cast<int>(*settings_.stop_at);
    if (stop && !stop_announced_ && settings_.out) {
      *settings_.out << "[gantk collapse monitor] step " << r.step << ": stopping training (" << to_string(state_)
                     << " reached the stop_at setting)\n";
      stop_announced_ = true;
    }
    return stop ? Control::Stop : Control::Continue;
  }

  /// The reported state (Healthy before the first check).
  CollapseState state() const { return state_; }
  /// The step of the first check that saw the reported state (0 before any change).
  long since() const { return since_; }
  const std::vector<CollapseRecord>& history() const { return history_; }
  const CollapseReference& reference() const { return reference_; }
  const CollapseMonitorSettings& settings() const { return settings_; }

  /// The history as CSV, one row per check, with a header line.
  std::string csv() const {
    std::ostringstream out;
    out << std::setprecision(6);
    out << "step,observed,state,spread_ratio,missing_mass,bins_hit,bins,fake_spread,real_spread,"
           "d_real_mean,d_real_std,d_fake_mean,d_fake_std,d_loss,g_loss,bins_present,on_data,concentration\n";
    for (const auto& r : history_) {
      const auto& s = r.statistics;
      out << r.step << ',' << csv_name(r.observed) << ',' << csv_name(r.state) << ',' << s.spread_ratio << ','
          << s.missing_mass << ',' << s.bins_hit << ',' << s.bins << ',' << s.fake_spread << ',' << s.real_spread << ','
          << r.d_real_mean << ',' << r.d_real_std << ',' << r.d_fake_mean << ',' << r.d_fake_std << ',' << r.d_loss
          << ',' << r.g_loss << ',' << s.bins_present << ',' << s.on_data << ',' << s.concentration << '\n';
    }
    return out.str();
  }

  /// Writes csv() to `path` atomically (a reader never sees half a file).
  void write_csv(const std::string& path) const { io::write_text_atomically(path, csv()); }

 private:
  static const CollapseMonitorSettings& validated(const CollapseMonitorSettings& s) {
    GANTK_CHECK(s.every >= 1, "CollapseMonitor: every must be at least 1, got ", s.every);
    GANTK_CHECK(s.start >= 0, "CollapseMonitor: start must be ≥ 0, got ", s.start);
    GANTK_CHECK(s.samples >= 2, "CollapseMonitor: samples must be at least 2, got ", s.samples);
    GANTK_CHECK(s.patience >= 1, "CollapseMonitor: patience must be at least 1, got ", s.patience);
    return s;
  }

  template <class D>
  static HostMatrix<double> draw_real(const D& data, const CollapseMonitorSettings& s) {
    validated(s);
    HostMatrix<double> real(data.width(), s.samples);
    Rng rng = Rng(s.seed).split(1);
    data.sample(HostView<double>(real.data(), real.rows(), real.cols()), rng);
    return real;
  }

  static const char* csv_name(CollapseState s) {
    switch (s) {
      case CollapseState::Healthy: return "healthy";
      case CollapseState::PartialCollapse: return "partial_collapse";
      case CollapseState::CompleteCollapse: return "complete_collapse";
    }
    return "?";
  }

  template <class Gan, class Fake>
  void record_discriminator(Gan& gan, const Fake& fake, CollapseRecord& r) const {
    using M = std::decay_t<decltype(fake)>;
    using S = typename M::Scalar;
    int pack = 1;
    if constexpr (requires { Gan::pack; }) pack = Gan::pack;
    const Index n = fake.cols() / pack * pack, nr = reference_.samples().cols() / pack * pack;
    if (n == 0 || nr == 0) return;
    const M f = fake.leftCols(n);
    const M real = reference_.samples().leftCols(nr).template cast<S>();
    const auto df = gan.discriminate(f);
    const auto dr = gan.discriminate(real);
    auto moments = [](const auto& v, double& mean, double& sd) {
      const Eigen::ArrayXd a = v.template cast<double>().reshaped().array();
      mean = a.mean();
      sd = a.size() > 1 ? std::sqrt((a - mean).square().sum() / static_cast<double>(a.size() - 1)) : 0.0;
    };
    moments(dr, r.d_real_mean, r.d_real_std);
    moments(df, r.d_fake_mean, r.d_fake_std);
  }

  // Patience: a new verdict becomes the reported state once `patience` consecutive checks agree.
  std::optional<CollapseChange> update_state(CollapseState observed, long step) {
    if (observed == state_) {
      streak_ = 0;
      return std::nullopt;
    }
    if (streak_ > 0 && observed == candidate_) {
      ++streak_;
    } else {
      candidate_ = observed;
      candidate_since_ = step;
      streak_ = 1;
    }
    if (streak_ < settings_.patience) return std::nullopt;
    CollapseChange change;
    change.from = state_;
    change.to = candidate_;
    change.step = step;
    change.since = candidate_since_;
    change.previous_since = since_;
    state_ = candidate_;
    since_ = candidate_since_;
    streak_ = 0;
    return change;
  }

  void announce(const CollapseChange& c) const {
    if (!settings_.out) return;
    std::ostream& out = *settings_.out;
    const auto& r = c.record;
    out << "[gantk collapse monitor] step " << c.step << ": ";
    if (c.to == CollapseState::Healthy) out << "healthy again";
    else out << (c.to == CollapseState::CompleteCollapse ? "COMPLETE COLLAPSE" : "PARTIAL COLLAPSE");
    out << " since step " << c.since << " (was " << to_string(c.from) << " since step " << c.previous_since << ")\n"
        << "  " << c.reason << '\n';
    if (std::isfinite(r.d_real_mean))
      out << "  D's outputs: real " << detail::brief(r.d_real_mean) << " ± " << detail::brief(r.d_real_std)
          << ", fake " << detail::brief(r.d_fake_mean) << " ± " << detail::brief(r.d_fake_std) << '\n';
    if (c.to == CollapseState::CompleteCollapse)
      out << complete_collapse_advice;
    else if (c.to == CollapseState::PartialCollapse)
      out << "  What to do: G has dropped part of the data. Switch on a remedy (PacGAN, unrolled D, mode-seeking\n"
             "  regularisation), and confirm with ndb() or precision_recall() on more samples. See docs/metrics.md.\n";
  }

  CollapseMonitorSettings settings_;
  CollapseReference reference_;
  Rng rng_;
  std::vector<CollapseRecord> history_;
  CollapseState state_ = CollapseState::Healthy;
  long since_ = 0;
  CollapseState candidate_ = CollapseState::Healthy;
  long candidate_since_ = 0;
  int streak_ = 0;
  bool stop_announced_ = false;
};

}  // namespace gantk::metrics
