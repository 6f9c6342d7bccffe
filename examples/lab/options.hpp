// gantk-lab's command line: the options, their help text, and the checks that reject bad values
// with a message naming them, before anything is trained.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "catalog_index.hpp"
#include "data_sets.hpp"
#include "default_experiment.hpp"

namespace lab {

struct LabOptions {
  std::string out = "lab-out";
  std::string data = "ring";
  std::vector<std::string> strategies;  ///< empty: the default experiment
  long steps = 0;                       ///< 0: each entry's recipe
  long batch = 0;                       ///< 0: each entry's recipe
  std::vector<std::int64_t> seeds{1};
  long jobs = 2;
  long samples = 2500;
  double g_lr = 0, d_lr = 0;            ///< 0: each entry's recipe
  bool list = false, quiet = false;
  long checkpoint_every = 0;            ///< 0: no checkpoints; else every N steps into <out>/checkpoints/
  bool resume = false;                  ///< resume each run from its checkpoint in <out>/checkpoints/
  // which of the optional numbers the user gave (0 is then an error, not "use the default")
  bool steps_given = false, batch_given = false, g_lr_given = false, d_lr_given = false;
};

inline std::string default_experiment_names() {
  std::string s;
  for (auto name : default_experiment) s += (s.empty() ? "" : ",") + std::string(name);
  return s;
}

/// Declares every option on `app`, bound to `o`.
inline void declare_options(CLI::App& app, LabOptions& o) {
  app.description(
      "gantk-lab: train GANs with and without remedies for mode collapse on a mixture of Gaussians, measure how "
      "many modes each one finds, and draw what it generates.\n"
      "Without options it runs the default experiment on the 8-Gaussian ring and writes tables and pictures to "
      "lab-out/.");
  app.add_option("out,-o,--out", o.out, "output folder for tables and pictures (created if missing)")
      ->capture_default_str()
      ->type_name("DIR");
  app.add_option("-d,--data", o.data, "data set: " + data_set_names() + " (--list describes them)")
      ->capture_default_str()
      ->type_name("NAME");
  app.add_option("-s,--strategies", o.strategies,
                 "comma-separated catalog entries to compare (--list shows all); default: " +
                     default_experiment_names())
      ->delimiter(',')
      ->type_name("NAME[,NAME...]");
  app.add_option("--steps", o.steps, "training steps per run; default: each entry's recommended steps (--list)")
      ->type_name("N");
  app.add_option("--batch", o.batch, "batch size; default: each entry's recommended batch (--list)")->type_name("N");
  app.add_option("--seeds", o.seeds,
                 "comma-separated seeds; each strategy runs once per seed and the table shows mean ± sd")
      ->delimiter(',')
      ->default_str("1")
      ->type_name("S[,S...]");
  app.add_option("-j,--jobs", o.jobs,
                 "trainings run at once, on threads; with more than 1 each run uses one OpenMP thread")
      ->capture_default_str()
      ->type_name("N");
  app.add_option("--samples", o.samples, "samples drawn from each trained G for the metrics and the plots")
      ->capture_default_str()
      ->type_name("N");
  app.add_option("--g-lr", o.g_lr, "generator learning rate for every run; default: each entry's recipe, else 1e-4")
      ->type_name("LR");
  app.add_option("--d-lr", o.d_lr, "discriminator learning rate for every run; default: each entry's recipe, else 1e-4")
      ->type_name("LR");
  app.add_flag("-l,--list", o.list, "list the catalog's strategies and the data sets, then exit");
  app.add_flag("-q,--quiet", o.quiet, "no progress output; the table and the closing summary are still printed");
  app.add_option("--checkpoint-every", o.checkpoint_every,
                 "save each run's checkpoint every N steps (and at its end) to <out>/checkpoints/<strategy>-s<seed>.ckpt")
      ->type_name("N");
  app.add_flag("--resume", o.resume,
               "resume each run from its checkpoint in <out>/checkpoints/ (bit-identical to an unbroken run); "
               "runs without one start afresh");
  app.footer(
      "Examples:\n"
      "  gantk-lab                                  default experiment on the ring, into lab-out/\n"
      "  gantk-lab my-run -s gan,ttur --seeds 1,2,3 two strategies, three seeds each, into my-run/\n"
      "  gantk-lab -d grid --steps 6000 -j 2        default strategies on the 5x5 grid\n"
      "Every run is watched by the collapse monitor (a check every 100-200 steps); its verdict after the last step\n"
      "is the table's last column.\n"
      "Writes: results.md, results.csv (one row per strategy), runs.csv, results.json (every run, with its loss\n"
      "series and monitor checks), monitor.csv (every check of every run), overview-{samples,losses,monitor}.png,\n"
      "and runs/<strategy>-s<seed>-{samples,losses,monitor}.png.\n"
      "Exit status: 0 when the runs were made (a diverged run is reported in the table), 1 when all runs failed\n"
      "or the results could not be written, 2 for bad options.");
}

/// Records which optional numbers appeared on the command line.
inline void note_given(const CLI::App& app, LabOptions& o) {
  o.steps_given = app.count("--steps") > 0;
  o.batch_given = app.count("--batch") > 0;
  o.g_lr_given = app.count("--g-lr") > 0;
  o.d_lr_given = app.count("--d-lr") > 0;
}

/// The first problem with the options, or nothing. Messages name the option and the value.
inline std::optional<std::string> validate(const LabOptions& o) {
  std::ostringstream e;
  if (!find_data_set(o.data)) {
    e << "unknown data set '" << o.data << "'; valid data sets: " << data_set_names();
    return e.str();
  }
  std::set<std::string> seen;
  for (const auto& s : o.strategies) {
    if (!find_entry(s)) {
      e << "unknown strategy '" << s << "'; valid strategies: " << entry_names()
        << " (gantk-lab --list describes them)";
      return e.str();
    }
    if (!seen.insert(s).second) {
      e << "strategy '" << s << "' is listed twice";
      return e.str();
    }
  }
  if (o.steps_given && o.steps <= 0) return "--steps must be at least 1, got " + std::to_string(o.steps);
  if (o.batch_given && o.batch <= 0) return "--batch must be at least 1, got " + std::to_string(o.batch);
  if (o.jobs <= 0) return "--jobs must be at least 1, got " + std::to_string(o.jobs);
  if (o.samples <= 0) return "--samples must be at least 1, got " + std::to_string(o.samples);
  if (o.checkpoint_every < 0) return "--checkpoint-every must be ≥ 0, got " + std::to_string(o.checkpoint_every);
  const auto text = [](double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  };
  if (o.g_lr_given && !(o.g_lr > 0 && o.g_lr < 1)) return "--g-lr must lie in (0, 1), got " + text(o.g_lr);
  if (o.d_lr_given && !(o.d_lr > 0 && o.d_lr < 1)) return "--d-lr must lie in (0, 1), got " + text(o.d_lr);
  if (o.seeds.empty()) return "--seeds needs at least one seed";
  std::set<std::int64_t> seeds;
  for (auto s : o.seeds) {
    if (s < 0) return "--seeds must be non-negative, got " + std::to_string(s);
    if (!seeds.insert(s).second) return "seed " + std::to_string(s) + " is listed twice in --seeds";
  }
  if (o.out.empty()) return "the output folder name is empty";
  return std::nullopt;
}

}  // namespace lab
