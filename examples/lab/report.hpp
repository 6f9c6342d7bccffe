// The results table in four forms: aligned text for the terminal, Markdown, CSV and JSON; and
// the collapse monitor's checks of every run as one CSV.
#pragma once

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <gantk/metrics/mixture_coverage.hpp>

#include "summary.hpp"
#include "verdict.hpp"

namespace lab {

/// What the table describes, for its caption and the JSON.
struct ReportContext {
  std::string data;          ///< data set name
  std::string data_caption;  ///< e.g. "8 Gaussians on a ring, σ 0.01"
  int components = 0;
  long samples = 0;
  std::vector<std::uint64_t> seeds;
  gantk::metrics::MixtureCoverageOptions coverage;  ///< the high-quality radius (k_sigma) the runs used
  std::vector<std::string> entries;  ///< one line per strategy: what it is and how it was trained
  std::string caption;               ///< a sentence about the whole experiment (empty: none)
};

/// "`gan`: plain GAN ...; 3000 steps, batch 256, lr G 0.001 D 0.0001": what a row of the table ran
/// (from its first run; the runs of one strategy differ only in their seed).
inline std::string entry_line(std::string_view about, const RunResult& r) {
  std::ostringstream o;
  o << '`' << r.name << "`: " << about << "; " << r.steps << " steps, batch " << r.batch << ", lr G " << r.g_lr
    << " D " << r.d_lr;
  return o.str();
}

namespace detail {

inline std::vector<std::string> headers() {
  std::vector<std::string> h{"strategy", "runs"};
  for (const auto& c : metric_columns()) h.emplace_back(c.header);
  h.emplace_back(verdict_header);
  return h;
}

inline std::vector<std::vector<std::string>> cells(const std::vector<SummaryRow>& rows) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : rows) {
    std::vector<std::string> line{r.name, format_runs(r)};
    for (std::size_t c = 0; c < metric_columns().size(); ++c)
      line.push_back(format_stat(r.stats[c], metric_columns()[c].decimals));
    line.push_back(format_verdicts(r.verdicts));
    out.push_back(std::move(line));
  }
  return out;
}

// display width: UTF-8 continuation bytes take no column
inline std::size_t columns_of(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

inline std::string pad(const std::string& s, std::size_t width, bool right) {
  const std::string fill(width > columns_of(s) ? width - columns_of(s) : 0, ' ');
  return right ? fill + s : s + fill;
}

inline std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

// ordered_json keeps keys in the order written, which reads better than alphabetical
inline nlohmann::ordered_json number(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

// The monitor's checks as columns, like the loss series: {"step": [...], "state": [...], ...}.
inline nlohmann::ordered_json monitor_json(const MonitorResult& m) {
  using json = nlohmann::ordered_json;
  json j = {{"every", m.every},
            {"verdict", verdict_word(m.verdict)},
            {"since", m.since},
            {"criteria",
             {{"complete_spread", m.criteria.complete_spread},
              {"partial_missing_mass", m.criteria.partial_missing_mass},
              {"starved_share", m.criteria.starved_share}}}};
  j["bins"] = m.history.empty() ? 0 : m.history.front().statistics.bins;  // the reference's, fixed per run
  json step = json::array(), observed = json::array(), state = json::array(), spread = json::array(),
       missing = json::array(), hit = json::array(), d_real = json::array(), d_real_sd = json::array(),
       d_fake = json::array(), d_fake_sd = json::array();
  for (const auto& c : m.history) {
    step.push_back(c.step);
    observed.push_back(verdict_word(c.observed));
    state.push_back(verdict_word(c.state));
    spread.push_back(number(c.statistics.spread_ratio));
    missing.push_back(number(c.statistics.missing_mass));
    hit.push_back(c.statistics.bins_hit);
    d_real.push_back(number(c.d_real_mean));
    d_real_sd.push_back(number(c.d_real_std));
    d_fake.push_back(number(c.d_fake_mean));
    d_fake_sd.push_back(number(c.d_fake_std));
  }
  j["step"] = step, j["observed"] = observed, j["state"] = state, j["spread_ratio"] = spread;
  j["missing_mass"] = missing, j["bins_hit"] = hit;
  j["d_real_mean"] = d_real, j["d_real_sd"] = d_real_sd, j["d_fake_mean"] = d_fake, j["d_fake_sd"] = d_fake_sd;
  return j;
}

}  // namespace detail

/// Aligned columns for the terminal; numbers right-aligned.
inline std::string text_table(const std::vector<SummaryRow>& rows) {
  const auto h = detail::headers();
  const auto body = detail::cells(rows);
  std::vector<std::size_t> width(h.size());
  for (std::size_t c = 0; c < h.size(); ++c) {
    width[c] = detail::columns_of(h[c]);
    for (const auto& line : body) width[c] = std::max(width[c], detail::columns_of(line[c]));
  }
  std::ostringstream o;
  const auto row = [&](const std::vector<std::string>& line) {
    for (std::size_t c = 0; c < line.size(); ++c) o << (c ? "   " : "  ") << detail::pad(line[c], width[c], c > 0);
    o << '\n';
  };
  row(h);
  std::size_t total = 0;
  for (std::size_t c = 0; c < width.size(); ++c) total += width[c] + (c ? 3 : 2);
  o << "  " << std::string(total - 2, '-') << '\n';
  for (const auto& line : body) row(line);
  for (const auto& r : rows)
    if (r.failed) o << "  " << r.name << ": " << r.first_error << '\n';
  return o.str();
}

inline std::string markdown_table(const std::vector<SummaryRow>& rows, const ReportContext& ctx) {
  std::ostringstream o;
  o << "# gantk-lab results: " << ctx.data << "\n\n"
    << ctx.data_caption << ". " << ctx.components << " modes; " << ctx.samples
    << " samples per run; a sample is high quality within ";
  if (ctx.coverage.k_sigma > 0) o << std::setprecision(3) << ctx.coverage.k_sigma << "σ";
  else o << "the radius that holds " << std::setprecision(4) << 100 * ctx.coverage.coverage << "% of a component";
  o << " of its nearest centre; MMD² against as many fresh real samples; " << ctx.seeds.size()
    << (ctx.seeds.size() == 1 ? " seed" : " seeds (mean ± sd)") << ".\n"
    << "monitor: the collapse monitor's verdict after the last step (healthy, partial or complete collapse).\n\n";
  if (!ctx.caption.empty()) o << ctx.caption << "\n\n";
  const auto h = detail::headers();
  o << '|';
  for (const auto& x : h) o << ' ' << x << " |";
  o << "\n|";
  for (std::size_t c = 0; c < h.size(); ++c) o << (c == 0 ? "---|" : "---:|");
  o << '\n';
  for (const auto& line : detail::cells(rows)) {
    o << '|';
    for (const auto& x : line) o << ' ' << x << " |";
    o << '\n';
  }
  for (const auto& r : rows)
    if (r.failed) o << "\n- " << r.name << ": " << r.first_error << '\n';
  if (!ctx.entries.empty()) {
    o << "\nWhat each row trained:\n\n";
    for (const auto& e : ctx.entries) o << "- " << e << '\n';
  }
  return o.str();
}

/// One row per strategy: mean and sd columns for each metric.
inline std::string csv_summary(const std::vector<SummaryRow>& rows) {
  std::ostringstream o;
  o.precision(10);
  o << "strategy,runs,failed";
  for (const auto& c : metric_columns()) o << ',' << c.key << "_mean," << c.key << "_sd";
  for (auto state : collapse_states) o << ",monitor_" << verdict_word(state);
  o << '\n';
  for (const auto& r : rows) {
    o << detail::csv_field(r.name) << ',' << r.runs << ',' << r.failed;
    for (const auto& s : r.stats) {
      o << ',';
      if (std::isfinite(s.mean)) o << s.mean;
      o << ',';
      if (std::isfinite(s.sd)) o << s.sd;
    }
    for (int n : r.verdicts) o << ',' << n;
    o << '\n';
  }
  return o.str();
}

/// One row per run.
inline std::string csv_runs(const std::vector<RunResult>& runs) {
  std::ostringstream o;
  o.precision(10);
  o << "strategy,seed,steps,batch";
  for (const auto& c : metric_columns()) o << ',' << c.key;
  o << ",monitor,error\n";
  for (const auto& r : runs) {
    o << detail::csv_field(r.name) << ',' << r.seed << ',' << r.steps << ',' << r.batch;
    for (const auto& c : metric_columns()) {
      o << ',';
      if (r.ok() && std::isfinite(c.value(r))) o << c.value(r);
    }
    o << ',' << (r.ok() ? verdict_word(r.monitor.verdict) : "") << ',' << detail::csv_field(r.error) << '\n';
  }
  return o.str();
}

/// Every run's monitor checks in one CSV: strategy and seed, then the monitor's own columns
/// (CollapseMonitor::csv: step, observed, state, spread_ratio, ...), then the ground truth of the
/// same samples (truth, truth_by_share, true_modes, true_modes_by_share, true_high_quality,
/// true_reverse_kl; ground_truth.hpp) where the run recorded it for every check.
inline std::string monitor_csv(const std::vector<RunResult>& runs) {
  std::string header, body;
  for (const auto& r : runs) {
    std::istringstream lines(r.monitor.csv);
    std::string line;
    if (!std::getline(lines, line)) continue;
    const bool with_truth = !r.monitor.truth.empty() && r.monitor.truth.size() == r.monitor.history.size();
    if (header.empty())
      header = "strategy,seed," + line + (with_truth ? ",truth,truth_by_share,true_modes,true_modes_by_share,true_high_quality,true_reverse_kl" : "") + "\n";
    const std::string prefix = detail::csv_field(r.name) + "," + std::to_string(r.seed) + ",";
    for (std::size_t i = 0; std::getline(lines, line); ++i) {
      body += prefix + line;
      if (with_truth) {
        const CheckTruth& t = r.monitor.truth[i];
        std::ostringstream o;
        o << std::setprecision(6) << ',' << verdict_word(t.state) << ',' << verdict_word(t.state_by_share) << ','
          << t.modes << ',' << t.modes_by_share << ',' << t.high_quality << ',' << t.reverse_kl;
        body += o.str();
      }
      body += "\n";
    }
  }
  return header.empty() ? "strategy,seed\n" : header + body;
}

inline nlohmann::ordered_json json_report(const std::vector<SummaryRow>& rows, const std::vector<RunResult>& runs,
                                  const ReportContext& ctx) {
  using json = nlohmann::ordered_json;
  json j;
  j["data"] = {{"name", ctx.data}, {"description", ctx.data_caption}, {"components", ctx.components}};
  j["samples_per_run"] = ctx.samples;
  j["high_quality_radius_sigmas"] = ctx.coverage.k_sigma;
  j["seeds"] = ctx.seeds;
  j["summary"] = json::array();
  for (const auto& r : rows) {
    json row = {{"strategy", r.name}, {"runs", r.runs}, {"failed", r.failed}};
    for (std::size_t c = 0; c < metric_columns().size(); ++c)
      row[std::string(metric_columns()[c].key)] = {{"mean", detail::number(r.stats[c].mean)},
                                                   {"sd", detail::number(r.stats[c].sd)}};
    json verdicts = json::object();
    for (auto state : collapse_states) verdicts[verdict_word(state)] = r.verdicts[static_cast<std::size_t>(state)];
    row["monitor"] = verdicts;
    if (r.failed) row["first_error"] = r.first_error;
    j["summary"].push_back(row);
  }
  j["runs"] = json::array();
  for (const auto& r : runs) {
    json run = {{"strategy", r.name}, {"seed", r.seed}, {"steps", r.steps}, {"batch", r.batch},
                {"seconds", r.seconds}};
    if (r.ok()) {
      for (const auto& c : metric_columns()) run[std::string(c.key)] = detail::number(c.value(r));
      run["samples_per_mode"] = r.coverage.counts;
      run["high_quality_per_mode"] = r.coverage.hq_counts;
    } else {
      run["error"] = r.error;
    }
    json series = json::object();
    for (const auto& s : r.series) {
      json values = json::array();
      for (double v : s.value) values.push_back(detail::number(v));
      series[s.name] = {{"step", s.step}, {"value", values}};
    }
    run["series"] = series;
    run["monitor"] = detail::monitor_json(r.monitor);
    j["runs"].push_back(run);
  }
  return j;
}

}  // namespace lab
