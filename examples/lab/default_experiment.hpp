// What `gantk-lab` runs without -s (the README's demo, scripts/demo): a plain GAN that collapses
// on the 8-Gaussian ring beside remedies that keep every mode, all trained the same way.
// Only main.cpp includes this file, so editing it does not recompile the catalog.
#pragma once

#include <string_view>

namespace lab {

/// The entries of the default experiment, baseline first.
inline constexpr std::string_view default_experiment[] = {"gan", "pacgan2", "minibatch", "feature-matching",
                                                          "instance-noise"};

/// The training run every entry of the default experiment gets (the command line still overrides
/// each value): 3000 steps, batch 256, G's learning rate ten times D's (Adam 1e-3 against 1e-4).
/// With D that slow a plain GAN collapses onto one or two points of the ring; the remedies keep
/// their generators spread over all eight modes in the same budget.
struct DefaultRun {
  long steps = 3000;
  int batch = 256;
  double g_lr = 1e-3;
  double d_lr = 1e-4;
};
inline constexpr DefaultRun default_run{};

/// The caption printed under the default experiment's table.
inline constexpr std::string_view default_experiment_caption =
    "Default experiment: every GAN trains 3000 steps at batch 256 with G's learning rate ten times D's "
    "(Adam 1e-3 against 1e-4), a setting in which a plain GAN collapses.";

}  // namespace lab
