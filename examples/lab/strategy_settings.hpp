// Strategy settings other than the library's defaults, for the catalog entries that need them
// (Entry's last argument; recipe.hpp). Each struct's strategies() returns the strategies' values
// as a tuple for the GAN's constructor.
#pragma once

#include <tuple>

#include <gantk/penalties.hpp>

namespace lab::settings {

/// WGAN-GP's λ for 2-d toy data: the authors use 0.1 there ("smaller lambda seems to help for toy
/// tasks"); the paper's 10 flattens the critic so much that G learns the ring slowly.
struct ToyGradientPenalty {
  static auto strategies() { return std::tuple{gantk::GradientPenalty{.lambda = 0.1}}; }
};

}  // namespace lab::settings
