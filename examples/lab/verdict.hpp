// The collapse monitor's verdicts as the lab shows them: a short word per run for the table, the
// tally over seeds, and the one line printed when a run's verdict changes.
#pragma once

#include <array>
#include <string>

#include <gantk/metrics/collapse_monitor.hpp>

namespace lab {

using gantk::metrics::CollapseState;

inline constexpr std::array<CollapseState, 3> collapse_states{CollapseState::Healthy, CollapseState::PartialCollapse,
                                                              CollapseState::CompleteCollapse};

/// "healthy", "partial", "complete": table cells, CSV and JSON values.
inline const char* verdict_word(CollapseState s) {
  switch (s) {
    case CollapseState::Healthy: return "healthy";
    case CollapseState::PartialCollapse: return "partial";
    case CollapseState::CompleteCollapse: return "complete";
  }
  return "?";
}

/// How many runs ended in each state, indexed by the state's value (the order of collapse_states).
using VerdictCounts = std::array<int, 3>;

/// "healthy" for one run; "2 healthy, 1 complete" over several; "-" for none.
inline std::string format_verdicts(const VerdictCounts& counts) {
  int total = 0;
  for (int c : counts) total += c;
  if (total == 0) return "-";
  std::string out;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    if (!out.empty()) out += ", ";
    if (total > 1) out += std::to_string(counts[i]) + " ";
    out += verdict_word(collapse_states[i]);
  }
  return out;
}

/// "[2/6 gan s1] collapse monitor, step 1200: partial collapse since step 1100 (was healthy since step 0)".
inline std::string change_line(const std::string& label, const gantk::metrics::CollapseChange& c) {
  return (label.empty() ? "" : label + " ") + "collapse monitor, step " + std::to_string(c.step) + ": " +
         gantk::metrics::to_string(c.to) + " since step " + std::to_string(c.since) + " (was " +
         gantk::metrics::to_string(c.from) + " since step " + std::to_string(c.previous_since) + ")\n";
}

}  // namespace lab
