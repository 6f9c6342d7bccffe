// The collapse monitor as a fit() callback: state changes, warnings, patience, CSV, stop
// requests and the user's function — with a stub generator and with real GANs on the ring.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gantk/gantk.hpp>

#include "../../examples/lab/calibration.hpp"

using namespace gantk;
using metrics::CollapseState;

namespace {
using SmallRing = GAN<MLP<Latent<2>, Data<2>, Hidden<64, 64>>, NonSaturatingLoss>;

// a "generator" that emits whatever mixture it is given: a full, half or single-mode ring
struct StubGenerator {
  data::GaussianMixture source;
  HostMatrix<float> sample(Index n, Rng& rng) const { return source.draw<float>(n, rng); }
};

data::GaussianMixture ring_modes(std::initializer_list<Index> keep) {
  const auto ring = data::Ring{}.dataset();
  HostMatrix<double> c(2, static_cast<Index>(keep.size()));
  Index j = 0;
  for (Index k : keep) c.col(j++) = ring.centers().col(k);
  return data::GaussianMixture(c, ring.stddev());
}

StepInfo at(long step) { return StepInfo{.step = step}; }

FitOptions quiet(long steps) { return FitOptions{.steps = steps, .batch = 128, .progress = Progress::Silent}; }
}  // namespace

TEST_CASE("CollapseMonitor: warns on each change of state, calls the user's function and records a time series") {
  std::ostringstream log;
  std::vector<metrics::CollapseChange> changes;
  metrics::CollapseMonitor monitor(data::Ring{}, {.out = &log, .on_change = [&](const auto& c) { changes.push_back(c); }});
  const StubGenerator full{data::Ring{}.dataset()}, half{ring_modes({0, 2, 4, 6})}, one{ring_modes({5})};

  CHECK(monitor.check(full, at(100)) == Control::Continue);
  CHECK(log.str().empty());
  CHECK(changes.empty());

  monitor.check(half, at(200));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].from == CollapseState::Healthy);
  CHECK(changes[0].to == CollapseState::PartialCollapse);
  CHECK(changes[0].since == 200);
  CHECK(changes[0].record.statistics.missing_mass == doctest::Approx(0.5).epsilon(0.2));
  CHECK(log.str().find("step 200: PARTIAL COLLAPSE since step 200 (was healthy since step 0)") != std::string::npos);
  CHECK(log.str().find("What to do") != std::string::npos);

  monitor.check(one, at(300));
  REQUIRE(changes.size() == 2);
  CHECK(changes[1].to == CollapseState::CompleteCollapse);
  CHECK(log.str().find("COMPLETE COLLAPSE since step 300 (was partial collapse since step 200)") != std::string::npos);

  monitor.check(one, at(400));  // no change, no message
  CHECK(changes.size() == 2);
  monitor.check(full, at(500));
  REQUIRE(changes.size() == 3);
  CHECK(changes[2].to == CollapseState::Healthy);
  CHECK(log.str().find("healthy again since step 500") != std::string::npos);
  CHECK(monitor.state() == CollapseState::Healthy);
  CHECK(monitor.since() == 500);

  const auto& h = monitor.history();
  REQUIRE(h.size() == 5);
  const CollapseState expected[] = {CollapseState::Healthy, CollapseState::PartialCollapse, CollapseState::CompleteCollapse,
                                    CollapseState::CompleteCollapse, CollapseState::Healthy};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(h[i].observed == expected[i]);
    CHECK(h[i].step == 100 * static_cast<long>(i + 1));
  }
  CHECK(std::isnan(h[0].d_real_mean));  // the stub has no discriminator

  // the CSV: a header and one row per check, written atomically
  const std::string csv = monitor.csv();
  CHECK(csv.rfind("step,observed,state,spread_ratio,missing_mass,", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 6);
  CHECK(csv.find("\n200,partial_collapse,partial_collapse,") != std::string::npos);
  CHECK(csv.find("\n300,complete_collapse,complete_collapse,") != std::string::npos);
  const auto folder = std::filesystem::temp_directory_path() / "gantk_monitor_test";
  std::filesystem::create_directories(folder);
  const auto path = (folder / "collapse.csv").string();
  monitor.write_csv(path);
  std::ifstream in(path);
  std::stringstream back;
  back << in.rdbuf();
  CHECK(back.str() == csv);
  std::filesystem::remove_all(folder);
}

TEST_CASE("CollapseMonitor: patience ignores a single odd check; the change dates from its first sighting") {
  std::ostringstream log;
  metrics::CollapseMonitor monitor(data::Ring{}, {.patience = 2, .out = &log});
  const StubGenerator full{data::Ring{}.dataset()}, half{ring_modes({1, 3, 5, 7})};
  monitor.check(half, at(100));  // once: not yet
  monitor.check(full, at(200));
  CHECK(monitor.state() == CollapseState::Healthy);
  CHECK(log.str().empty());
  CHECK(monitor.history()[0].observed == CollapseState::PartialCollapse);
  CHECK(monitor.history()[0].state == CollapseState::Healthy);
  monitor.check(half, at(300));
  monitor.check(half, at(400));  // twice in a row: reported, since 300
  CHECK(monitor.state() == CollapseState::PartialCollapse);
  CHECK(monitor.since() == 300);
  CHECK(log.str().find("step 400: PARTIAL COLLAPSE since step 300") != std::string::npos);
}

TEST_CASE("CollapseMonitor: stop_at asks fit() to stop; without it training goes on") {
  const StubGenerator one{ring_modes({2})}, half{ring_modes({0, 1, 2, 3})};
  metrics::CollapseMonitor partial_stop(data::Ring{}, {.stop_at = CollapseState::PartialCollapse, .out = nullptr});
  CHECK(partial_stop.check(half, at(100)) == Control::Stop);
  CHECK(partial_stop.check(one, at(200)) == Control::Stop);  // worse still stops
  metrics::CollapseMonitor complete_stop(data::Ring{}, {.stop_at = CollapseState::CompleteCollapse, .out = nullptr});
  CHECK(complete_stop.check(half, at(100)) == Control::Continue);
  CHECK(complete_stop.check(one, at(200)) == Control::Stop);
  metrics::CollapseMonitor never(data::Ring{}, {.out = nullptr});
  CHECK(never.check(one, at(100)) == Control::Continue);
}

TEST_CASE("CollapseMonitor through fit(): a generator forced to a single point is flagged complete and training stops") {
  // all-zero weights make G constant (its output is its last bias), and its gradients keep the
  // hidden weights at zero: G stays a single point that training can only move around
  SmallRing gan{{.seed = 2, .g_optimizer = Adam{.lr = 1e-3}, .d_optimizer = Adam{.lr = 1e-3}}};
  gan.generator().params.setZero();
  std::ostringstream log;
  std::vector<metrics::CollapseChange> changes;
  metrics::CollapseMonitor monitor(data::Ring{}, {.every = 50,
                                                  .stop_at = CollapseState::CompleteCollapse,
                                                  .out = &log,
                                                  .on_change = [&](const auto& c) { changes.push_back(c); }});
  const auto report = gan.fit(data::Ring{}, quiet(1000), monitor);
  CHECK(report.stopped_early);
  CHECK(report.steps == 50);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].to == CollapseState::CompleteCollapse);
  CHECK(changes[0].record.statistics.spread_ratio < 1e-3);
  CHECK(std::isfinite(changes[0].record.d_real_mean));  // D's outputs recorded through gan.discriminate
  CHECK(changes[0].record.d_fake_std < 1e-3);          // one input, one output
  CHECK(log.str().find("COMPLETE COLLAPSE since step 50") != std::string::npos);
  CHECK(log.str().find("stopping training") != std::string::npos);
}

TEST_CASE("CollapseMonitor through fit(): the user's function can apply a remedy — re-initialising a collapsed G") {
  SmallRing gan{{.seed = 3, .g_optimizer = Adam{.lr = 1e-3}, .d_optimizer = Adam{.lr = 1e-3}}};
  gan.generator().params.setZero();
  std::vector<metrics::CollapseChange> changes;
  Rng fresh(77);
  metrics::CollapseMonitor monitor(data::Ring{}, {.every = 50, .out = nullptr, .on_change = [&](const auto& c) {
                                                    changes.push_back(c);
                                                    if (c.to == CollapseState::CompleteCollapse) gan.generator().init(fresh);
                                                  }});
  const auto report = gan.fit(data::Ring{}, quiet(100), monitor);
  CHECK_FALSE(report.stopped_early);
  REQUIRE(changes.size() >= 1);
  CHECK(changes[0].to == CollapseState::CompleteCollapse);
  CHECK(changes[0].step == 50);
  // the re-initialised G is diverse again (a fresh G is a blob near the origin, which the monitor
  // rightly still reads as off the data, hence no second change is required)
  CHECK(monitor.history().front().statistics.spread_ratio < 1e-3);
  CHECK(monitor.history().back().statistics.spread_ratio > 0.3);
}

TEST_CASE("CollapseMonitor through fit(): a plain GAN on the ring is read as the truth at every check, and is not disturbed") {
  // The truth of each check's own samples (mixture_coverage against the ring's centres, which the
  // monitor never sees; lab::calibration::ground_truth) must be the monitor's verdict.
  const auto ring = data::Ring{}.dataset();
  SmallRing gan{{.seed = 1, .g_optimizer = Adam{.lr = 1e-3}, .d_optimizer = Adam{.lr = 1e-3}}};
  std::ostringstream log;
  std::vector<std::pair<CollapseState, CollapseState>> verdicts;  // (truth, monitor)
  metrics::CollapseMonitor monitor(ring, {.every = 100, .start = 400, .out = &log,
                                          .on_check = [&](const metrics::CollapseRecord& r, const Eigen::MatrixXd& fake) {
                                            verdicts.emplace_back(lab::calibration::ground_truth(fake, ring), r.observed);
                                          }});
  gan.fit(ring, quiet(1500), monitor);
  INFO(log.str());
  REQUIRE(monitor.history().size() == 12);  // steps 400, 500, ..., 1500
  CHECK(monitor.history().front().step == 400);
  REQUIRE(verdicts.size() == 12);
  // This G is still blurred and uneven while it learns (1-40% of its samples within 3σ), so some
  // checks sit on the truth's own boundaries (a mode with one high-quality sample or none, a share
  // just under a quarter): at most one of twelve may disagree, and never a collapse read as healthy.
  int agree = 0;
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    INFO("check at step ", monitor.history()[i].step, ": ", std::string(metrics::to_string(verdicts[i].first)),
         " read as ", std::string(metrics::to_string(verdicts[i].second)));
    agree += verdicts[i].first == verdicts[i].second;
    CHECK_FALSE((verdicts[i].first == CollapseState::CompleteCollapse && verdicts[i].second == CollapseState::Healthy));
  }
  CHECK(agree >= 11);
  const auto coverage = metrics::mixture_coverage(gan.sample(2500), ring);
  CHECK(coverage.modes >= 7);  // by the end it has learnt the ring

  // the monitor draws from its own random stream: the same run without it ends in the same place
  SmallRing with{{.seed = 4}}, without{{.seed = 4}};
  metrics::CollapseMonitor watcher(ring, {.every = 10, .out = nullptr});
  with.fit(ring, quiet(60), watcher);
  without.fit(ring, quiet(60));
  CHECK(watcher.history().size() == 6);
  CHECK(with.generator().params == without.generator().params);
  CHECK(with.discriminator().params == without.discriminator().params);
}

TEST_CASE("CollapseMonitor: bad settings are reported with the value") {
  CHECK_THROWS_WITH_AS(metrics::CollapseMonitor(data::Ring{}, {.every = 0}), doctest::Contains("every must be at least 1, got 0"),
                       Error);
  CHECK_THROWS_WITH_AS(metrics::CollapseMonitor(data::Ring{}, {.samples = 1}), doctest::Contains("got 1"), Error);
  CHECK_THROWS_WITH_AS(metrics::CollapseMonitor(data::Ring{}, {.patience = 0}), doctest::Contains("patience"), Error);
  CHECK_THROWS_WITH_AS(metrics::CollapseMonitor(data::Ring{}, {.samples = 8}), doctest::Contains("max_bins = 32"), Error);
  metrics::CollapseMonitor monitor(data::Ring{}, {.out = nullptr});
  const StubGenerator wide{data::GaussianMixture(HostMatrix<double>::Zero(3, 1), 1.0)};
  CHECK_THROWS_WITH_AS(monitor.check(wide, at(1)), doctest::Contains("2 features but the fake samples have 3"), Error);
  CHECK_THROWS_WITH_AS(monitor.write_csv("/nonexistent-folder/x.csv"), doctest::Contains("does not exist"), Error);
}
