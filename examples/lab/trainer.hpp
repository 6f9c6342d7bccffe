// train_and_evaluate<Gan, Settings>: fit with the collapse monitor attached, record the losses,
// sample, measure coverage and MMD², project for plots.
#pragma once

#include <cmath>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <optional>
#include <ostream>
#include <tuple>

#include <gantk/foundation/error.hpp>
#include <gantk/training/gan.hpp>
#include <gantk/foundation/rng.hpp>
#include <gantk/metrics/collapse_monitor.hpp>
#include <gantk/metrics/mixture_coverage.hpp>
#include <gantk/metrics/mmd.hpp>

#include "catalog.hpp"
#include "ground_truth.hpp"
#include "run.hpp"
#include "train.hpp"
#include "verdict.hpp"
#include "windowed_series.hpp"

namespace lab {

/// The GAN's construction settings from the run's: seed, n_critic, and Adam's decays where the
/// recipe gives them (learning rates are set after construction, so that they apply to whichever
/// optimizer the library or a strategy chose).
template <class Gan>
typename Gan::Config gan_config(const RunSpec& spec) {
  typename Gan::Config config{.seed = spec.seed};
  if (spec.n_critic > 0) config.n_critic = spec.n_critic;
  if (spec.beta1 >= 0 && spec.beta2 >= 0) {
    const gantk::Adam adam{.beta1 = spec.beta1, .beta2 = spec.beta2};
    config.g_optimizer = adam;
    config.d_optimizer = adam;
  }
  return config;
}

/// The monitor's settings for a run: its own random stream (so training is the same with it or
/// without it), no output of its own (the lab prints one labelled line per change). Every check
/// is also scored against the mixture's centres, which the monitor never sees, into `truth`, so
/// that monitor.csv carries the truth beside each verdict (scripts/monitor-calibration reads it);
/// then spec.on_check, if any, sees the check.
inline gantk::metrics::CollapseMonitorSettings monitor_settings(const RunSpec& spec, std::vector<CheckTruth>& truth) {
  gantk::metrics::CollapseMonitorSettings s;
  s.every = spec.monitor_every;
  s.out = nullptr;
  s.seed = 0x6d6f6e69746f72ULL ^ spec.seed;
  s.on_check = [&spec, &truth](const gantk::metrics::CollapseRecord& c, const Eigen::MatrixXd& fake) {
    const auto coverage = gantk::metrics::mixture_coverage(fake, *spec.mixture, spec.coverage);
    const auto& w = spec.mixture->weights();
    truth.push_back({calibration::ground_truth(coverage, w),
                     calibration::ground_truth(coverage, w, calibration::ModeCount::ByShare), coverage.modes,
                     coverage.modes_by_share, coverage.high_quality, coverage.reverse_kl});
    if (spec.on_check) spec.on_check(c, fake);
  };
  if (spec.monitor_out) {
    std::ostream* out = spec.monitor_out;
    s.on_change = [out, label = spec.label](const gantk::metrics::CollapseChange& c) { *out << change_line(label, c); };
  }
  return s;
}

template <class Gan, class Settings>
RunResult train_and_evaluate(const RunSpec& spec) {
  GANTK_CHECK(spec.mixture && spec.projection, "train_and_evaluate: the run has no data");
  RunResult r;
  r.name = spec.name, r.seed = spec.seed, r.batch = spec.batch, r.record_every = spec.record_every;
  WindowedSeries d_loss("D loss", spec.record_every), g_loss("G loss", spec.record_every);
  long last_step = 0;
  std::optional<gantk::metrics::CollapseMonitor> monitor;
  try {
    Gan gan = std::apply([&](auto&&... s) { return Gan(gan_config<Gan>(spec), s...); },
                         Settings::strategies(spec.steps));
    if (spec.g_lr > 0) gan.g_optimizer().set_learning_rate(spec.g_lr);
    if (spec.d_lr > 0) gan.d_optimizer().set_learning_rate(spec.d_lr);
    // a resumed run continues from its checkpoint: parameters, optimizers, random streams and
    // the step count, so that the rest of the run is bit-identical to an unbroken one
    if (spec.resume && std::filesystem::is_regular_file(spec.checkpoint_path)) gan.load_checkpoint(spec.checkpoint_path);
    last_step = gan.steps();
    r.g_lr = gan.g_optimizer().learning_rate();
    r.d_lr = gan.d_optimizer().learning_rate();
    monitor.emplace(*spec.mixture, monitor_settings(spec, r.monitor.truth));
    const auto record = [&](const gantk::StepInfo& info) {
      last_step = info.step;
      d_loss.add(info.step, info.d_loss + info.d_penalty);
      g_loss.add(info.step, info.g_loss + info.g_penalty);
    };
    const gantk::FitReport report =
        gan.fit(*spec.mixture,
                gantk::FitOptions{.steps = std::max(0L, spec.steps - gan.steps()),
                                  .batch = spec.batch,
                                  .progress = spec.progress,
                                  .out = spec.progress_out ? spec.progress_out : &std::cerr,
                                  .label = spec.label,
                                  .checkpoint_every = spec.checkpoint_every,
                                  .checkpoint_path = spec.checkpoint_path},
                record, *monitor);
    if (spec.checkpoint_every > 0) gan.save_checkpoint(spec.checkpoint_path);  // a finished run resumes to evaluation
    // the verdict is about the generator as trained: check once more after an unchecked last step
    if (monitor->history().empty() || monitor->history().back().step != gan.steps())
      monitor->check(gan, gan.last_step());
    r.steps = gan.steps();
    r.seconds = report.seconds;
    r.ms_per_step = report.ms_per_step();

    // Evaluation draws from its own streams, so it does not depend on how training used G's.
    gantk::Rng eval_rng(spec.seed, 0x65'76'61'6c);
    const auto samples = gan.sample(spec.samples, eval_rng);
    r.coverage = gantk::metrics::mixture_coverage(samples, *spec.mixture, spec.coverage);
    if (spec.samples >= 2) {  // against a fresh real sample of the same size
      gantk::Rng real_rng(spec.seed, 0x6d'6d'64);
      r.mmd2 = gantk::metrics::mmd(samples, spec.mixture->draw<float>(spec.samples, real_rng)).mmd2;
    }
    r.projected = spec.projection->apply(samples);
  } catch (const std::exception& e) {  // gantk::Error (divergence, bad settings) or bad_alloc
    r.error = e.what();
    r.steps = last_step;
  }
  r.series.push_back(d_loss.finish(last_step));
  r.series.push_back(g_loss.finish(last_step));
  if (monitor) {
    r.monitor.every = monitor->settings().every;
    r.monitor.history = monitor->history();
    r.monitor.verdict = monitor->state();
    r.monitor.since = monitor->since();
    r.monitor.criteria = monitor->settings().criteria;
    r.monitor.csv = monitor->csv();
  }
  return r;
}

namespace detail {

template <class S, class List>
struct TrainerTable;
template <class S, class... Entries>
struct TrainerTable<S, gantk::TypeList<Entries...>> {
  static constexpr TrainFunction functions[] = {
      &train_and_evaluate<typename Entries::template gan<S>, typename Entries::settings>...};
  static constexpr long parameters[] = {static_cast<long>(Entries::template gan<S>::GNet::param_count +
                                                          Entries::template gan<S>::DNet::param_count)...};
};

}  // namespace detail

/// Instantiates every catalog entry for shape S; call from exactly one source file per shape.
template <class S>
TrainFunction trainer_for(std::size_t index) {
  constexpr auto& table = detail::TrainerTable<S, Catalog>::functions;
  GANTK_CHECK(index < std::size(table), "no catalog entry number ", index);
  return table[index];
}

/// Weights of G and D together for entry `index` on shape S: a rough cost per step.
template <class S>
long parameters_for(std::size_t index) {
  constexpr auto& table = detail::TrainerTable<S, Catalog>::parameters;
  GANTK_CHECK(index < std::size(table), "no catalog entry number ", index);
  return table[index];
}

}  // namespace lab
