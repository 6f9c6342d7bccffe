// Runs aggregated per strategy: mean ± sd over seeds of each metric column, and the tally of
// the collapse monitor's verdicts.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "columns.hpp"
#include "run.hpp"
#include "verdict.hpp"

namespace lab {

/// Mean and sample standard deviation of the successful runs (sd is NaN for one run).
struct Stat {
  double mean = NAN, sd = NAN;
  int n = 0;
};

struct SummaryRow {
  std::string name;
  int runs = 0, failed = 0;
  std::vector<Stat> stats;  ///< one per metric column
  VerdictCounts verdicts{};  ///< successful runs per final monitor state
  std::string first_error;  ///< the first failed run's message
};

inline Stat statistics(const std::vector<double>& values) {
  Stat s;
  s.n = static_cast<int>(values.size());
  if (s.n == 0) return s;
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / s.n;
  if (s.n > 1) {
    double sq = 0;
    for (double v : values) sq += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(sq / (s.n - 1));
  }
  return s;
}

/// One row per strategy, in the order given.
inline std::vector<SummaryRow> summarize(const std::vector<RunResult>& runs, const std::vector<std::string>& order) {
  std::vector<SummaryRow> rows;
  for (const auto& name : order) {
    SummaryRow row{name, 0, 0, {}, {}, {}};
    std::vector<std::vector<double>> values(metric_columns().size());
    for (const auto& r : runs) {
      if (r.name != name) continue;
      ++row.runs;
      if (!r.ok()) {
        if (row.failed++ == 0) row.first_error = r.error;
        continue;
      }
      for (std::size_t c = 0; c < metric_columns().size(); ++c) {
        const double v = metric_columns()[c].value(r);
        if (std::isfinite(v)) values[c].push_back(v);  // NaN: not measured (MMD² of a single sample)
      }
      ++row.verdicts[static_cast<std::size_t>(r.monitor.verdict)];
    }
    for (const auto& v : values) row.stats.push_back(statistics(v));
    rows.push_back(std::move(row));
  }
  return rows;
}

/// "7.7 ± 0.6", "8.0" for a single run, "-" when every run failed.
inline std::string format_stat(const Stat& s, int decimals) {
  if (s.n == 0) return "-";
  char b[64];
  if (s.n > 1) std::snprintf(b, sizeof b, "%.*f ± %.*f", decimals, s.mean, decimals, s.sd);
  else std::snprintf(b, sizeof b, "%.*f", decimals, s.mean);
  return b;
}

inline std::string format_runs(const SummaryRow& row) {
  return row.failed ? std::to_string(row.runs) + " (" + std::to_string(row.failed) + " failed)" : std::to_string(row.runs);
}

}  // namespace lab
