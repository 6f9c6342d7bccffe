// Strategy settings other than the library's defaults, for the catalog entries that need them
// (Entry's last argument; recipe.hpp). Each struct's strategies(steps) returns the strategies'
// values as a tuple for the GAN's constructor; `steps` is the run's length, so that schedules
// (annealing, learning-rate decay) follow --steps.
#pragma once

#include <algorithm>
#include <tuple>

#include <gantk/strategies.hpp>

namespace lab::settings {

/// WGAN-GP's λ for 2-d toy data: the authors use 0.1 there ("smaller lambda seems to help for toy
/// tasks"); the paper's 10 flattens the critic so much that G learns the ring slowly.
struct ToyGradientPenalty {
  static auto strategies(long /*steps*/) { return std::tuple{gantk::GradientPenalty{.lambda = 0.1}}; }
};

/// Instance noise σ 0.1 (data units), annealed to 0 over the first half of the run.
struct HalfRunInstanceNoise {
  static auto strategies(long steps) {
    return std::tuple{gantk::InstanceNoise{.stddev = 0.1, .anneal_steps = std::max(1L, steps / 2)}};
  }
};

/// Noise of σ 0.05 on G's output as D sees it, annealed to 0 over the first half of the run.
struct HalfRunGeneratorNoise {
  static auto strategies(long steps) {
    return std::tuple{gantk::GeneratorNoise{.output_stddev = 0.05, .anneal_steps = std::max(1L, steps / 2)}};
  }
};

}  // namespace lab::settings
