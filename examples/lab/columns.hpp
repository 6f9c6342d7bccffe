// The results table's metric columns: one line each (and a field in RunResult).
#pragma once

#include <string_view>
#include <vector>

#include "run.hpp"

namespace lab {

/// One numeric column of the table, shown as mean ± sd over seeds.
struct Column {
  std::string_view key;     ///< CSV/JSON name
  std::string_view header;  ///< table heading
  int decimals;
  double (*value)(const RunResult&);
};

inline const std::vector<Column>& metric_columns() {
  static const std::vector<Column> columns{
      {"modes", "modes", 1, [](const RunResult& r) { return static_cast<double>(r.coverage.modes); }},
      {"high_quality_pct", "% high quality", 1, [](const RunResult& r) { return 100.0 * r.coverage.high_quality; }},
      {"reverse_kl", "reverse KL", 3, [](const RunResult& r) { return r.coverage.reverse_kl; }},
      {"mmd2", "MMD²", 4, [](const RunResult& r) { return r.mmd2; }},
      {"ms_per_step", "ms/step", 2, [](const RunResult& r) { return r.ms_per_step; }},
  };
  return columns;
}

/// The heading of the last column: the collapse monitor's verdicts at the end of training.
inline constexpr std::string_view verdict_header = "monitor";

}  // namespace lab
