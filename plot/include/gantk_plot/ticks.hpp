// Tick positions at "nice" numbers (1, 2 or 5 times a power of ten) and their labels.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <gantk/foundation/error.hpp>

namespace gantk::plot {

struct Ticks {
  std::vector<double> values;  ///< ascending, all inside [lo, hi]
  double step = 1;
  int decimals = 0;            ///< digits after the point that tell the ticks apart
};

/// About `target` ticks on [lo, hi], spaced by 1, 2 or 5 × 10^k.
inline Ticks nice_ticks(double lo, double hi, int target = 5) {
  GANTK_CHECK(std::isfinite(lo) && std::isfinite(hi) && lo < hi, "nice_ticks: needs a finite range lo < hi, got [",
              lo, ", ", hi, "]");
  GANTK_CHECK(target >= 1, "nice_ticks: target must be at least 1, got ", target);
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double fraction = raw / magnitude;
  const double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  Ticks t;
  t.step = nice * magnitude;
  t.decimals = std::max(0, -static_cast<int>(std::floor(std::log10(t.step) + 1e-9)));
  const double slack = t.step * 1e-9;  // a tick on the boundary stays despite rounding
  for (double k = std::ceil((lo - slack) / t.step);; ++k) {
    const double v = k * t.step;
    if (v > hi + slack) break;
    t.values.push_back(std::abs(v) < slack ? 0.0 : v);  // no "-0"
  }
  return t;
}

/// A tick's label with the given number of decimals.
inline std::string format_tick(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string s = buffer;
  if (s == "-0" || s.rfind("-0.", 0) == 0) {  // a rounded tiny negative prints as -0.00
    bool zero = true;
    for (char ch : s.substr(1))
      if (ch != '0' && ch != '.') zero = false;
    if (zero) s.erase(0, 1);
  }
  return s;
}

}  // namespace gantk::plot
