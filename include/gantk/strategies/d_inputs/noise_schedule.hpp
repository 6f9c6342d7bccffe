// The annealing schedule shared by the noise strategies.
#pragma once

#include <cmath>

#include <gantk/foundation/error.hpp>

namespace gantk::detail {

/// σ at `step` for noise that starts at `stddev` and falls linearly to 0 at `anneal_steps`
/// (Sønderby et al. 2017 anneal instance noise linearly); anneal_steps = 0 keeps it constant.
inline double annealed_stddev(double stddev, long anneal_steps, long step) {
  if (anneal_steps <= 0) return stddev;
  const double left = 1.0 - static_cast<double>(step) / static_cast<double>(anneal_steps);
  return left > 0 ? stddev * left : 0.0;
}

inline void check_noise_settings(const char* who, double stddev, long anneal_steps) {
  GANTK_CHECK(stddev >= 0 && std::isfinite(stddev), who, ": stddev must be finite and ≥ 0, got ", stddev);
  GANTK_CHECK(anneal_steps >= 0, who, ": anneal_steps must be ≥ 0 (0 = no annealing), got ", anneal_steps);
}

}  // namespace gantk::detail
