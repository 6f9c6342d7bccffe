// fit(): the trainer. It runs a model's training steps and owns everything around them: the
// progress display, callbacks after each step, periodic checkpoints, and rollback with a lower
// learning rate when a step diverges. The model (training/gan.hpp) knows only how to take one
// step, save and load its state, and sample; GAN::fit(...) forwards here.
#pragma once

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <type_traits>
#include <utility>

#include <gantk/data/dataset.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/training/critic_constraint.hpp>
#include <gantk/training/divergence.hpp>
#include <gantk/training/progress.hpp>
#include <gantk/training/run_types.hpp>
#include <gantk/training/thread_choice.hpp>

namespace gantk {

namespace detail {
/// Calls a fit() callback as cb(gan, info) or cb(info); a bool result false or Control::Stop ends the run.
template <class F, class G, class Info>
Control invoke_callback(F& f, G& gan, const Info& info) {
  if constexpr (std::is_invocable_v<F&, G&, const Info&>) {
    using R = std::invoke_result_t<F&, G&, const Info&>;
    if constexpr (std::is_same_v<R, Control>) return f(gan, info);
    else if constexpr (std::is_same_v<R, bool>) return f(gan, info) ? Control::Continue : Control::Stop;
    else return f(gan, info), Control::Continue;
  } else {
    static_assert(std::is_invocable_v<F&, const Info&>,
                  "fit(): a callback must be callable as cb(const StepInfo&) or cb(Gan&, const StepInfo&)");
    using R = std::invoke_result_t<F&, const Info&>;
    if constexpr (std::is_same_v<R, Control>) return f(info);
    else if constexpr (std::is_same_v<R, bool>) return f(info) ? Control::Continue : Control::Stop;
    else return f(info), Control::Continue;
  }
}
}  // namespace detail

/// Trains `gan` for options.steps steps on `data` (a Dataset or a dataset spec), showing progress
/// and calling each callback after every step with (const StepInfo&) or (Gan&, const StepInfo&); a
/// callback returning Control::Stop or false ends the run early. With checkpoint_every, the GAN is
/// saved atomically every that many steps; with OnDivergence::RollbackAndReduceLr, a diverged step
/// is undone (back to the checkpoint when there is one) and both learning rates shrink. Each step
/// runs on the thread count FitOptions::threads gives, by default the faster of all and one.
/// @throws gantk::Error on bad options or data; gantk::DivergenceError when a step diverges and no
/// rollback is allowed (or max_rollbacks is spent).
template <class Gan, class Data, class... Callbacks>
  requires(Dataset<Data> || DatasetSpec<Data>)
FitReport fit(Gan& gan, const Data& data_spec, FitOptions options = {}, Callbacks&&... callbacks) {
  GANTK_CHECK(options.steps >= 0, "fit: steps must be ≥ 0, got ", options.steps);
  GANTK_CHECK(options.out != nullptr || options.progress == Progress::Silent, "fit: progress output stream is null");
  const auto& data = detail::as_dataset(data_spec);
  gan.check_data(data, options.batch);
  if (options.warn_unconstrained_critic && options.out && gan.unconstrained_critic_warning_due())
    *options.out << detail::unconstrained_critic_warning << '\n';
  detail::ProgressDisplay progress(options.progress, options.steps, options.out ? *options.out : std::cerr,
                                   options.label);
  GANTK_CHECK(options.checkpoint_every >= 0, "fit: checkpoint_every must be ≥ 0, got ", options.checkpoint_every);
  GANTK_CHECK(options.checkpoint_every == 0 || !options.checkpoint_path.empty(),
              "fit: checkpoint_every is ", options.checkpoint_every, " but checkpoint_path is empty");
  GANTK_CHECK(options.lr_factor > 0 && options.lr_factor < 1, "fit: lr_factor must lie in (0, 1), got ",
              options.lr_factor);
  GANTK_CHECK(options.max_rollbacks >= 0, "fit: max_rollbacks must be ≥ 0, got ", options.max_rollbacks);
  FitReport report;
  detail::StepThreads threads(options.threads);
  const long first = gan.steps(), target = gan.steps() + options.steps;
  double lr_scale = 1;  // reduction since the checkpoint at checkpoint_path was written
  while (gan.steps() < target) {
    StepInfo info;
    try {
      threads.before_step();
      const auto start = std::chrono::steady_clock::now();
      info = gan.train_step(data, options.batch);
      threads.after_step(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    } catch (const DivergenceError&) {
      if (options.on_divergence != OnDivergence::RollbackAndReduceLr || report.rollbacks >= options.max_rollbacks)
        throw;
      ++report.rollbacks;
      lr_scale *= options.lr_factor;
      // the checkpoint (this fit's, or an earlier run's that is being resumed; its type and
      // checksums are checked) else the last good step, where the failed step left the GAN
      const bool reload = !options.checkpoint_path.empty() && std::filesystem::is_regular_file(options.checkpoint_path);
      if (reload) gan.load_checkpoint(options.checkpoint_path);
      gan.scale_learning_rates(reload ? lr_scale : options.lr_factor);
      continue;
    }
    if (options.checkpoint_every > 0 && gan.steps() % options.checkpoint_every == 0) {
      gan.save_checkpoint(options.checkpoint_path);
      lr_scale = 1;
    }
    const long s = std::max(0L, gan.steps() - first - 1);  // a rollback may go back before this fit's start
    report.steps = s + 1;
    report.last = info;
    progress.update(s + 1, info.d_loss, info.g_loss);
    bool stop = false;
    ((stop = detail::invoke_callback(callbacks, gan, info) == Control::Stop || stop), ...);
    if (stop) {
      report.stopped_early = true;
      break;
    }
  }
  report.seconds = progress.elapsed();
  report.threads = threads.last();
  progress.finish(report.steps, report.last.d_loss, report.last.g_loss);
  return report;
}

}  // namespace gantk
