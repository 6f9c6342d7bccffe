// Quantiles of the χ distribution with d degrees of freedom: the distance from its centre, in σ,
// within which a d-dimensional isotropic Gaussian holds a given share of its mass.
#pragma once

#include <algorithm>
#include <cmath>

#include <gantk/foundation/error.hpp>

namespace gantk::metrics::detail {

/// P(‖x‖ > r) for x ~ N(0, I_d): the upper regularised gamma Q(d/2, r²/2), in closed form since
/// d/2 is an integer or a half-integer (sums of Poisson-like terms, each taken in log space so
/// that d in the thousands neither overflows nor underflows):
///   d even: Q = e^{−x} Σ_{k<d/2} x^k / k!
///   d odd:  Q = erfc(√x) + e^{−x} Σ_{k<(d−1)/2} x^{k+½} / Γ(k + 3/2)
inline double chi_survival(int d, double r) {
  GANTK_CHECK(d >= 1, "chi_survival: d must be at least 1, got ", d);
  if (r <= 0) return 1.0;
  const double x = 0.5 * r * r, log_x = std::log(x);
  double q = 0;
  if (d % 2 == 0) {
    for (int k = 0; k < d / 2; ++k) q += std::exp(-x + k * log_x - std::lgamma(k + 1.0));
  } else {
    q = std::erfc(std::sqrt(x));
    for (int k = 0; k < (d - 1) / 2; ++k) q += std::exp(-x + (k + 0.5) * log_x - std::lgamma(k + 1.5));
  }
  return std::min(q, 1.0);
}

/// r with P(‖x‖ ≤ r) = p for x ~ N(0, I_d), by bisection on chi_survival (exact to double
/// precision; called once per evaluation, so speed does not matter). In 2-d, P(‖x‖ ≤ r) =
/// 1 − e^{−r²/2}, so p = 1 − e^{−4.5} gives r = 3.
inline double chi_quantile(int d, double p) {
  GANTK_CHECK(d >= 1, "chi_quantile: d must be at least 1, got ", d);
  GANTK_CHECK(p > 0 && p < 1, "chi_quantile: p must lie in (0, 1), got ", p);
  double lo = 0, hi = std::sqrt(static_cast<double>(d)) + 10;
  while (1 - chi_survival(d, hi) < p) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (1 - chi_survival(d, mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace gantk::metrics::detail
