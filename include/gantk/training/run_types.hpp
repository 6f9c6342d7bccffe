// The plain types of a training run: settings, per-step results, fit options and report.
#pragma once

#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

#include <gantk/training/divergence.hpp>
#include <gantk/training/progress.hpp>
#include <gantk/optim/optimizers.hpp>

namespace gantk {

/// Where a strategy hook is called from.
enum class Phase { Discriminator, Generator };

/// What a fit() callback may answer.
enum class Control { Continue, Stop };

/// The resolved training settings. Library defaults, then the loss's and strategies'
/// suggestions (WeightClipping suggests the WGAN paper's RMSProp 5e-5 and n_critic 5), then
/// whatever the user set in GAN::Config.
struct TrainingSettings {
  Optimizer g_optimizer = Adam{};
  Optimizer d_optimizer = Adam{};
  int n_critic = 1;
};

/// What one training step did; every fit() callback sees it.
struct StepInfo {
  long step = 0;            ///< steps completed so far (1 after the first)
  double d_loss = 0;        ///< D's loss (last critic iteration), penalties excluded
  double g_loss = 0;        ///< G's loss, penalties excluded
  double d_penalty = 0;     ///< sum of D's extra terms (gradient penalty, R1, ...)
  double g_penalty = 0;     ///< sum of G's extra terms (mode seeking, ...)
  double d_real = 0;        ///< mean of D's output on the real batch
  double d_fake = 0;        ///< mean of D's output on the fake batch
};

struct FitOptions {
  long steps = 10'000;
  Index batch = 256;
  Progress progress = Progress::Auto;
  std::ostream* out = &std::cerr;  ///< where progress goes
  std::string label;               ///< prefix of the progress line (useful with several runs)
  long checkpoint_every = 0;       ///< save_checkpoint(checkpoint_path) after every that many steps (0: never)
  std::string checkpoint_path;     ///< where fit() keeps its checkpoint (written atomically)
  OnDivergence on_divergence = OnDivergence::Throw;
  double lr_factor = 0.5;          ///< RollbackAndReduceLr: learning rates are multiplied by this, in (0, 1)
  int max_rollbacks = 5;           ///< RollbackAndReduceLr: after this many, the next divergence is rethrown
  /// Report, once per GAN on `out`, a loss that needs a Lipschitz critic with nothing constraining
  /// D (WassersteinLoss without clipping, a gradient penalty or spectral norm).
  bool warn_unconstrained_critic = true;
  /// OpenMP threads per step: 0 (default) lets fit() time all threads against one and keep the
  /// faster, again every ten seconds or so (training/thread_choice.hpp; the results are the same
  /// either way); n ≥ 1 uses n. The caller's setting is restored when fit() returns.
  int threads = 0;
};

struct FitReport {
  long steps = 0;             ///< steps run by this fit()
  double seconds = 0;         ///< wall time of those steps
  bool stopped_early = false; ///< a callback asked to stop
  int rollbacks = 0;          ///< divergences recovered from (OnDivergence::RollbackAndReduceLr)
  int threads = 0;            ///< the thread count of the last step (FitOptions::threads); 0 when none ran
  StepInfo last;
  double ms_per_step() const { return steps > 0 ? 1e3 * seconds / static_cast<double>(steps) : 0.0; }
};

}  // namespace gantk
