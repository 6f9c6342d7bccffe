// train_and_evaluate<Gan>: fit, record the losses, sample, measure coverage, project for plots.
#pragma once

#include <cmath>
#include <cstddef>
#include <exception>

#include <gantk/core/error.hpp>
#include <gantk/core/gan.hpp>
#include <gantk/core/rng.hpp>
#include <gantk/metrics/mixture_coverage.hpp>

#include "catalog.hpp"
#include "run.hpp"
#include "train.hpp"
#include "windowed_series.hpp"

namespace lab {

template <class Gan>
RunResult train_and_evaluate(const RunSpec& spec) {
  GANTK_CHECK(spec.mixture && spec.projection, "train_and_evaluate: the run has no data");
  RunResult r;
  r.name = spec.name, r.seed = spec.seed, r.batch = spec.batch;
  WindowedSeries d_loss("D loss", spec.record_every), g_loss("G loss", spec.record_every);
  long last_step = 0;
  try {
    typename Gan::Config config{.seed = spec.seed};
    if (spec.n_critic > 0) config.n_critic = spec.n_critic;
    Gan gan(config);
    if (spec.g_lr > 0) gan.g_optimizer().set_learning_rate(spec.g_lr);
    if (spec.d_lr > 0) gan.d_optimizer().set_learning_rate(spec.d_lr);
    const auto record = [&](const gantk::StepInfo& info) {
      last_step = info.step;
      d_loss.add(info.step, info.d_loss + info.d_penalty);
      g_loss.add(info.step, info.g_loss + info.g_penalty);
    };
    const gantk::FitReport report =
        gan.fit(*spec.mixture,
                gantk::FitOptions{.steps = spec.steps,
                                  .batch = spec.batch,
                                  .progress = spec.progress,
                                  .out = spec.progress_out ? spec.progress_out : &std::cerr,
                                  .label = spec.label},
                record);
    r.steps = report.steps;
    r.seconds = report.seconds;
    r.ms_per_step = report.ms_per_step();

    // Evaluation draws from its own stream, so it does not depend on how training used G's.
    gantk::Rng eval_rng(spec.seed, 0x65'76'61'6c);
    const auto samples = gan.sample(spec.samples, eval_rng);
    r.coverage = gantk::metrics::mixture_coverage(samples, *spec.mixture, spec.hq_sigmas);
    // INTEGRATION(metrics): r.mmd = gantk::metrics::mmd(samples, spec.mixture->draw(spec.samples, ...));
    r.projected = spec.projection->apply(samples);
  } catch (const std::exception& e) {  // gantk::Error (divergence, bad settings) or bad_alloc
    r.error = e.what();
    r.steps = last_step;
  }
  r.series.push_back(d_loss.finish(last_step));
  r.series.push_back(g_loss.finish(last_step));
  return r;
}

namespace detail {

template <class S, class List>
struct TrainerTable;
template <class S, class... Entries>
struct TrainerTable<S, gantk::TypeList<Entries...>> {
  static constexpr TrainFunction functions[] = {&train_and_evaluate<typename Entries::template gan<S>>...};
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
