// The standard normal quantile, for the critical values of z-tests.
#pragma once

#include <cmath>

#include <gantk/foundation/error.hpp>

namespace gantk::metrics::detail {

/// x with Φ(x) = p for 0 < p < 1, by bisection on Φ(x) = ½ erfc(−x/√2): exact to double
/// precision, and called once per test, so speed does not matter.
inline double normal_quantile(double p) {
  GANTK_CHECK(p > 0 && p < 1, "normal_quantile: p must lie in (0, 1), got ", p);
  double lo = -40, hi = 40;
  for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace gantk::metrics::detail
