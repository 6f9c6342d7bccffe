// The lab's bookkeeping: windowed time series, mean ± sd over seeds, and the table forms.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/metrics/mixture_coverage.hpp>

// The lab's headers live beside its sources; these need only gantk, Eigen and nlohmann_json.
#include "../../examples/lab/data_sets.hpp"
#include "../../examples/lab/report.hpp"
#include "../../examples/lab/summary.hpp"
#include "../../examples/lab/windowed_series.hpp"

using namespace lab;

namespace {
RunResult run(const std::string& name, int modes, double hq, double kl, double ms) {
  RunResult r;
  r.name = name;
  r.coverage.modes = modes, r.coverage.components = 8, r.coverage.high_quality = hq, r.coverage.reverse_kl = kl;
  r.ms_per_step = ms;
  return r;
}
}  // namespace

TEST_CASE("WindowedSeries: window means, and a partial last window") {
  WindowedSeries s("D loss", 3);
  for (long step = 1; step <= 7; ++step) s.add(step, static_cast<double>(step));
  const TimeSeries t = s.finish(7);
  REQUIRE(t.step.size() == 3);
  CHECK(t.step[0] == 3);
  CHECK(t.value[0] == doctest::Approx(2.0));  // mean of 1, 2, 3
  CHECK(t.value[1] == doctest::Approx(5.0));
  CHECK(t.step[2] == 7);
  CHECK(t.value[2] == doctest::Approx(7.0));  // the lone 7th step
  CHECK(t.name == "D loss");
}

TEST_CASE("summarize: mean and sample sd per strategy; failed runs are counted, not averaged") {
  std::vector<RunResult> runs{run("a", 8, 0.9, 0.01, 3), run("b", 2, 0.5, 1.0, 4), run("a", 6, 0.7, 0.03, 5)};
  RunResult failed = run("a", 0, 0, 0, 0);
  failed.error = "non-finite discriminator loss";
  runs.push_back(failed);
  const auto rows = summarize(runs, {"b", "a"});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].name == "b");  // the order asked for
  CHECK(rows[1].runs == 3);
  CHECK(rows[1].failed == 1);
  CHECK(rows[1].first_error == "non-finite discriminator loss");
  const Stat modes = rows[1].stats[0];
  CHECK(modes.n == 2);
  CHECK(modes.mean == doctest::Approx(7.0));
  CHECK(modes.sd == doctest::Approx(std::sqrt(2.0)));
  CHECK(rows[1].stats[1].mean == doctest::Approx(80.0));  // percent
  CHECK(std::isnan(rows[0].stats[0].sd));                 // one run: no sd
  CHECK(format_stat(modes, 1) == "7.0 ± 1.4");
  CHECK(format_stat(rows[0].stats[0], 1) == "2.0");
  CHECK(format_stat(Stat{}, 1) == "-");
  CHECK(format_runs(rows[1]) == "3 (1 failed)");
}

TEST_CASE("report: Markdown, CSV and JSON carry the same figures") {
  const std::vector<RunResult> runs{run("gan", 8, 0.9, 0.01, 3), run("gan", 6, 0.7, 0.03, 5)};
  const auto rows = summarize(runs, {"gan"});
  ReportContext ctx{"ring", "8 Gaussians", 8, 2500, {1, 2}};
  ctx.coverage.k_sigma = 3;  // the lab passes its radius; the library default (0) is named by its coverage
  const std::string md = markdown_table(rows, ctx);
  CHECK(md.find("high quality within 3σ of its nearest centre") != std::string::npos);
  ctx.coverage.k_sigma = 0;
  CHECK(markdown_table(rows, ctx).find("high quality within the radius that holds 98.89% of a component") !=
        std::string::npos);
  CHECK(md.find("| gan | 2 | 7.0 ± 1.4 | 80.0 ± 14.1 |") != std::string::npos);
  const std::string csv = csv_summary(rows);
  CHECK(csv.find("strategy,runs,failed,modes_mean,modes_sd") == 0);
  CHECK(csv.find("\ngan,2,0,7,1.414213562") != std::string::npos);
  const auto j = json_report(rows, runs, ctx);
  CHECK(j["summary"][0]["modes"]["mean"].get<double>() == doctest::Approx(7.0));
  CHECK(j["runs"].size() == 2);
  CHECK(j["seeds"][1].get<int>() == 2);
  const std::string text = text_table(rows);
  CHECK(text.find("7.0 ± 1.4") != std::string::npos);
}

TEST_CASE("high_quality_sigmas: PacGAN's 3σ in 2-d; real samples of the 1200-d mixture count as high quality") {
  CHECK(high_quality_sigmas(2) == doctest::Approx(3.0));
  CHECK(high_quality_sigmas(1200) > 34.6);  // beyond √1200, the typical distance in σ
  const auto mixture = gantk::data::HighDimensionalMixture{}.dataset();
  gantk::Rng rng(11);
  const auto x = mixture.draw<float>(500, rng);
  const auto fixed = gantk::metrics::mixture_coverage(x, mixture, 3.0);
  CHECK(fixed.high_quality < 0.01);  // why a fixed 3σ is wrong here
  const auto scaled = gantk::metrics::mixture_coverage(x, mixture, high_quality_sigmas(mixture.width()));
  CHECK(scaled.modes == 10);
  CHECK(scaled.high_quality > 0.98);
  // and samples a few σ per coordinate away are not high quality
  const auto shifted = gantk::metrics::mixture_coverage((x.array() + 0.02f).matrix(), mixture,
                                                        high_quality_sigmas(mixture.width()));
  CHECK(shifted.high_quality < 0.02);
}

TEST_CASE("monitor_csv: every run's checks under one header, each line led by strategy and seed") {
  RunResult a = run("gan", 8, 0.9, 0.01, 3), b = run("pacgan2", 8, 0.9, 0.01, 3);
  a.seed = 1, a.monitor.csv = "step,state\n100,healthy\n200,partial\n";
  b.seed = 2, b.monitor.csv = "step,state\n100,healthy\n";
  CHECK(monitor_csv({a, b}) ==
        "strategy,seed,step,state\ngan,1,100,healthy\ngan,1,200,partial\npacgan2,2,100,healthy\n");
  CHECK(monitor_csv({}) == "strategy,seed\n");
}

TEST_CASE("monitor_csv: the ground truth of each check follows the monitor's columns") {
  RunResult a = run("gan", 8, 0.9, 0.01, 3);
  a.seed = 4, a.monitor.csv = "step,observed\n100,healthy\n200,complete_collapse\n";
  a.monitor.history.resize(2);
  a.monitor.truth = {{CollapseState::Healthy, CollapseState::Healthy, 8, 8, 0.5, 0.01},
                     {CollapseState::PartialCollapse, CollapseState::CompleteCollapse, 3, 1, 0.25, 0.75}};
  CHECK(monitor_csv({a}) ==
        "strategy,seed,step,observed,truth,truth_by_share,true_modes,true_modes_by_share,true_high_quality,"
        "true_reverse_kl\n"
        "gan,4,100,healthy,healthy,healthy,8,8,0.5,0.01\n"
        "gan,4,200,complete_collapse,partial,complete,3,1,0.25,0.75\n");
  a.monitor.truth.pop_back();  // not one per check (a resumed run's earlier checks): left out, not misaligned
  CHECK(monitor_csv({a}) == "strategy,seed,step,observed\ngan,4,100,healthy\ngan,4,200,complete_collapse\n");
}

TEST_CASE("report: what each row trained, from its run") {
  RunResult r = run("gan", 0, 0, 2.0, 3);
  r.steps = 3000, r.batch = 256, r.g_lr = 1e-3, r.d_lr = 1e-4;
  CHECK(entry_line("plain GAN", r) == "`gan`: plain GAN; 3000 steps, batch 256, lr G 0.001 D 0.0001");
  ReportContext ctx{"ring", "8 Gaussians", 8, 2500, {1}};
  ctx.entries.push_back(entry_line("plain GAN", r));
  ctx.caption = "G ten times faster than D.";
  const std::string md = markdown_table(summarize({r}, {"gan"}), ctx);
  CHECK(md.find("G ten times faster than D.\n") != std::string::npos);
  CHECK(md.find("What each row trained:\n\n- `gan`: plain GAN; 3000 steps") != std::string::npos);
}
