// The lab's pictures: each run's samples over the mixture's centres, its loss curves and its
// collapse monitor's statistics, each also as a side-by-side overview of all runs.
#pragma once

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gantk_plot/plot.hpp>

#include "data_sets.hpp"
#include "projection.hpp"
#include "run.hpp"
#include "verdict.hpp"

namespace lab {

struct FigureContext {
  const DataSet* data = nullptr;
  const gantk::data::GaussianMixture* mixture = nullptr;
  const Projection* projection = nullptr;
};

inline std::string run_stem(const RunResult& r) { return r.name + "-s" + std::to_string(r.seed); }

inline std::string run_title(const RunResult& r) { return r.name + " · seed " + std::to_string(r.seed); }

/// The run's figures in one line: "8/8 modes · 91.2% HQ · reverse KL 0.021 · MMD² 0.0012 · healthy".
inline std::string run_figures(const RunResult& r) {
  if (!r.ok()) return "failed after " + std::to_string(r.steps) + " steps: " + r.error;
  char b[200];
  std::snprintf(b, sizeof b, "%d/%d modes · %.1f%% HQ · reverse KL %.3f · MMD² %.4f · %s", r.coverage.modes,
                r.coverage.components, 100.0 * r.coverage.high_quality, r.coverage.reverse_kl, r.mmd2,
                verdict_word(r.monitor.verdict));
  return b;
}

inline gantk::plot::Image samples_figure(const RunResult& r, const FigureContext& ctx, int width, int height) {
  namespace plot = gantk::plot;
  const plot::Theme theme;
  plot::ScatterPlot p;
  p.width = width, p.height = height;
  const bool projected = !ctx.projection->identity();
  p.title = run_title(r);
  p.subtitle = plot::fit_text(run_figures(r), width - 2 * theme.padding, theme.text_font);
  const Eigen::Matrix2Xd centres = ctx.projection->apply(ctx.mixture->centers());
  for (Eigen::Index k = 0; k < centres.cols(); ++k) p.center_x.push_back(centres(0, k)), p.center_y.push_back(centres(1, k));
  for (Eigen::Index j = 0; j < r.projected.cols(); ++j) p.x.push_back(r.projected(0, j)), p.y.push_back(r.projected(1, j));
  p.circle_radius = 3 * ctx.mixture->stddev();
  p.samples_label = "samples of G";
  p.centers_label = "mixture centres, 3σ circles";
  if (projected) {
    p.x_label = "principal axis 1 of the centres";
    p.y_label = "principal axis 2";
    p.title += " (2-d projection)";
  }
  return plot::render(p, theme);
}

inline gantk::plot::Image losses_figure(const RunResult& r, int width, int height) {
  const long record_every = r.record_every;
  namespace plot = gantk::plot;
  const plot::Theme theme;
  plot::LineChart chart;
  chart.width = width, chart.height = height;
  chart.title = run_title(r) + ": losses";
  chart.subtitle = record_every > 1 ? "mean over each " + std::to_string(record_every) + " steps, penalties included"
                                    : "every step, penalties included";
  chart.x_label = "step";
  chart.y_label = "loss";
  chart.x_min = 0;
  for (const auto& s : r.series) chart.series.push_back({s.name, s.step, s.value, std::nullopt});
  return plot::render(chart, theme);
}

// a threshold drawn in its statistic's colour, paler
inline gantk::plot::Color paler(gantk::plot::Color c) {
  const auto mix = [](std::uint8_t v) { return static_cast<std::uint8_t>((v + 2 * 255) / 3); };
  return {mix(c.r), mix(c.g), mix(c.b)};
}

/// The collapse monitor's two statistics per check, with the thresholds of its verdicts: below
/// the spread line is complete collapse, above the missing-mass line partial collapse.
inline gantk::plot::Image monitor_figure(const RunResult& r, int width, int height) {
  namespace plot = gantk::plot;
  const plot::Theme theme;
  const MonitorResult& m = r.monitor;
  plot::LineChart chart;
  chart.width = width, chart.height = height;
  chart.title = run_title(r);  // "<entry> · seed n" (a longer title would not fit a tile of the overview)
  chart.subtitle = plot::fit_text(r.ok() ? "collapse monitor: " + std::string(gantk::metrics::to_string(m.verdict)) + " since step " +
                                         std::to_string(m.since) + " · a check every " + std::to_string(m.every) +
                                         " steps"
                                   : run_figures(r),
                            width - 2 * theme.padding, theme.text_font);
  chart.x_label = "step";
  chart.x_min = 0;
  plot::Series spread{"fake/real spread", {}, {}, theme.series(0)};
  plot::Series missing{"missing mass", {}, {}, theme.series(1)};
  for (const auto& c : m.history) {
    spread.x.push_back(static_cast<double>(c.step)), spread.y.push_back(c.statistics.spread_ratio);
    missing.x.push_back(static_cast<double>(c.step)), missing.y.push_back(c.statistics.missing_mass);
  }
  const auto level = [&](const char* name, double y, gantk::plot::Color colour) {
    plot::Series s{name, {}, {}, paler(colour)};
    if (!m.history.empty()) s.x = {0.0, static_cast<double>(m.history.back().step)}, s.y = {y, y};
    return s;
  };
  chart.series = {level("complete below", m.criteria.complete_spread, theme.series(0)),
                  level("partial above", m.criteria.partial_missing_mass, theme.series(1)), spread, missing};
  return plot::render(chart, theme);
}

/// Columns of an overview grid: a row for up to 3 panels, 2 × 2 for 4, then 3 or 4 wide.
inline int overview_columns(std::size_t panels) {
  if (panels <= 3) return static_cast<int>(panels);
  if (panels == 4) return 2;
  return panels <= 9 ? 3 : 4;
}

struct WrittenFigures {
  std::vector<std::string> per_run;
  std::string samples_overview, losses_overview, monitor_overview;
};

/// Writes runs/<name>-s<seed>-samples.png, -losses.png and -monitor.png for each run, and the
/// three overviews.
inline WrittenFigures write_figures(const std::vector<RunResult>& runs, const FigureContext& ctx,
                                    const std::filesystem::path& out) {
  namespace plot = gantk::plot;
  WrittenFigures written;
  std::filesystem::create_directories(out / "runs");
  std::vector<gantk::plot::Image> sample_panels, loss_panels, monitor_panels;
  for (const auto& r : runs) {
    const auto stem = (out / "runs" / run_stem(r)).string();
    gantk::plot::write_png(stem + "-samples.png", samples_figure(r, ctx, 600, 640));
    gantk::plot::write_png(stem + "-losses.png", losses_figure(r, 640, 400));
    gantk::plot::write_png(stem + "-monitor.png", monitor_figure(r, 640, 400));
    for (const char* kind : {"-samples.png", "-losses.png", "-monitor.png"}) written.per_run.push_back(stem + kind);
    sample_panels.push_back(samples_figure(r, ctx, 420, 460));
    loss_panels.push_back(losses_figure(r, 460, 300));
    monitor_panels.push_back(monitor_figure(r, 460, 300));
  }
  const std::string what = std::string(ctx.data->name) + ": " + std::string(ctx.data->caption);
  written.samples_overview = (out / "overview-samples.png").string();
  gantk::plot::write_png(written.samples_overview,
                       plot::tile(sample_panels, overview_columns(sample_panels.size()),
                                  what + (ctx.projection->identity() ? "" : " (2-d projection)") + " — samples per run"));
  written.losses_overview = (out / "overview-losses.png").string();
  gantk::plot::write_png(written.losses_overview,
                       plot::tile(loss_panels, overview_columns(loss_panels.size()), what + " — losses per run"));
  written.monitor_overview = (out / "overview-monitor.png").string();
  gantk::plot::write_png(written.monitor_overview, plot::tile(monitor_panels, overview_columns(monitor_panels.size()),
                                                            what + " — collapse monitor per run"));
  return written;
}

}  // namespace lab
