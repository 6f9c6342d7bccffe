// gantk-lab's command line: the options, their help text, and the checks that reject bad values
// with a message naming them, before anything is trained.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <unistd.h>

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

/// The largest value each number option accepts: checked before a value is narrowed (a batch
/// is an int) or sized into memory.
inline constexpr long max_steps = 1'000'000'000, max_batch = 1'000'000, max_jobs = 256, max_samples = 100'000'000;

/// `text` as a decimal whole number, or a CLI11 validation error naming the option. CLI11's own
/// conversion turns 10^20 into the largest long and reads 0x10 as 16; this one refuses both.
inline std::int64_t whole_number(const std::string& option, const std::string& text) {
  std::int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, v);
  if (ec == std::errc::result_out_of_range)
    throw CLI::ValidationError(option + " " + text + " is out of range (at most 19 digits)");
  if (ec != std::errc() || stop != end) throw CLI::ValidationError(option + " expects a whole number, got '" + text + "'");
  return v;
}

/// The items of a comma-separated list, empty ones included (CLI11's delimiter drops them).
inline std::vector<std::string> comma_items(const std::string& option, const std::string& text) {
  std::vector<std::string> items;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t comma = text.find(',', begin);
    items.push_back(text.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin));
    if (items.back().empty())
      throw CLI::ValidationError(option + ": item " + std::to_string(items.size()) + " of '" + text + "' is empty");
    if (comma == std::string::npos) return items;
    begin = comma + 1;
  }
}

/// A whole-number option stored in `target` (checked by whole_number; ranges by validate()).
inline CLI::Option* add_whole_number(CLI::App& app, const std::string& names, const std::string& option, long& target,
                                     const std::string& help) {
  return app.add_option_function<std::string>(
      names, [&target, option](const std::string& text) { target = whole_number(option, text); }, help);
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
  app.add_option_function<std::vector<std::string>>(
         "-s,--strategies",
         [&o](const std::vector<std::string>& args) {
           for (const auto& a : args)
             for (auto& item : comma_items("--strategies", a)) o.strategies.push_back(std::move(item));
         },
         "comma-separated catalog entries to compare (--list shows all); default: " + default_experiment_names())
      ->type_name("NAME[,NAME...]");
  add_whole_number(app, "--steps", "--steps", o.steps,
                   "training steps per run; default: each entry's recommended steps (--list)")
      ->type_name("N");
  add_whole_number(app, "--batch", "--batch", o.batch, "batch size; default: each entry's recommended batch (--list)")
      ->type_name("N");
  app.add_option_function<std::vector<std::string>>(
         "--seeds",
         [&o](const std::vector<std::string>& args) {
           o.seeds.clear();
           for (const auto& a : args)
             for (const auto& item : comma_items("--seeds", a)) o.seeds.push_back(whole_number("--seeds", item));
         },
         "comma-separated seeds; each strategy runs once per seed and the table shows mean ± sd")
      ->default_str("1")
      ->type_name("S[,S...]");
  add_whole_number(app, "-j,--jobs", "--jobs", o.jobs,
                   "trainings run at once, on threads; with more than 1 each run uses one OpenMP thread")
      ->default_str(std::to_string(o.jobs))
      ->type_name("N");
  add_whole_number(app, "--samples", "--samples", o.samples, "samples drawn from each trained G for the metrics and the plots")
      ->default_str(std::to_string(o.samples))
      ->type_name("N");
  app.add_option("--g-lr", o.g_lr, "generator learning rate for every run; default: each entry's recipe, else 1e-4")
      ->type_name("LR");
  app.add_option("--d-lr", o.d_lr, "discriminator learning rate for every run; default: each entry's recipe, else 1e-4")
      ->type_name("LR");
  app.add_flag("-l,--list", o.list, "list the catalog's strategies and the data sets, then exit");
  app.add_flag("-q,--quiet", o.quiet, "no progress output; the table and the closing summary are still printed");
  add_whole_number(app, "--checkpoint-every", "--checkpoint-every", o.checkpoint_every,
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

/// This machine's physical memory in bytes (0 when unknown).
inline double physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0;
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
  const auto in_range = [](const char* option, long v, long hi) -> std::optional<std::string> {
    if (v < 1) return std::string(option) + " must be at least 1, got " + std::to_string(v);
    if (v > hi) return std::string(option) + " must be at most " + std::to_string(hi) + ", got " + std::to_string(v);
    return std::nullopt;
  };
  if (o.steps_given)
    if (auto p = in_range("--steps", o.steps, max_steps)) return p;
  if (o.batch_given)
    if (auto p = in_range("--batch", o.batch, max_batch)) return p;
  if (auto p = in_range("--jobs", o.jobs, max_jobs)) return p;
  if (auto p = in_range("--samples", o.samples, max_samples)) return p;
  {
    // Evaluation holds G's samples and as many real ones (width × 4 bytes each) in every run at
    // once, and each run keeps its samples' 2-d projection (16 bytes each): a lower bound.
    const double width = static_cast<double>(find_data_set(o.data)->make().width());
    const std::size_t entries = o.strategies.empty() ? std::size(default_experiment) : o.strategies.size();
    const double runs = static_cast<double>(entries * std::max<std::size_t>(o.seeds.size(), 1));
    const double at_once = std::min(static_cast<double>(o.jobs), runs);
    const double need = static_cast<double>(o.samples) * (at_once * 2 * width * 4 + runs * 16);
    const double have = physical_memory_bytes();
    if (have > 0 && need > have) {
      std::ostringstream m;
      m.precision(3);
      m << "--samples " << o.samples << " needs at least " << need / 1e9 << " GB of memory (" << static_cast<long>(width)
        << " features per sample), more than this machine's " << have / 1e9 << " GB; nothing was trained";
      return m.str();
    }
  }
  if (o.checkpoint_every < 0 || o.checkpoint_every > max_steps)
    return "--checkpoint-every must lie in [0, " + std::to_string(max_steps) + "], got " + std::to_string(o.checkpoint_every);
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
