// gantk-lab: compare GANs with and without remedies for mode collapse on Gaussian mixtures.
// See --help; docs/field-guide.md explains the remedies and the pictures this program draws.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include <gantk/io/atomic_file.hpp>

#include "catalog_index.hpp"
#include "data_sets.hpp"
#include "figures.hpp"
#include "job_pool.hpp"
#include "line_stream.hpp"
#include "options.hpp"
#include "output_folder.hpp"
#include "report.hpp"
#include "summary.hpp"
#include "train.hpp"

namespace {

constexpr int exit_failed = 1, exit_usage = 2;

void print_list(std::ostream& out) {
  std::size_t width = 0;
  for (const auto& item : lab::catalog_items()) width = std::max(width, item.name.size());
  out << "Strategies (choose with -s NAME[,NAME...]):\n";
  for (const auto& item : lab::catalog_items()) {
    out << "  " << item.name << std::string(width - item.name.size() + 2, ' ') << item.about << '\n'
        << "  " << std::string(width + 2, ' ') << "recommended: " << lab::describe(item.recipe) << '\n';
  }
  out << "\nDefault experiment (no -s): " << lab::default_experiment_names() << "\n  " << lab::default_experiment_caption
      << "\n\nData sets (choose with -d NAME):\n";
  for (const auto& d : lab::data_sets())
    out << "  " << d.name << std::string(width > d.name.size() ? width - d.name.size() + 2 : 2, ' ') << d.about << '\n';
}

std::string seconds_text(double s) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f s", s);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  lab::LabOptions opt;
  CLI::App app{"", "gantk-lab"};
  lab::declare_options(app, opt);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, or the error with a hint
    return code == 0 ? 0 : exit_usage;
  }
  lab::note_given(app, opt);
  if (opt.list) {
    print_list(std::cout);
    return 0;
  }
  if (const auto problem = lab::validate(opt)) {
    std::cerr << "gantk-lab: " << *problem << '\n';
    return exit_usage;
  }
  const std::filesystem::path out(opt.out);
  if (const auto problem = lab::prepare_output_folder(out)) {
    std::cerr << "gantk-lab: " << *problem << "; nothing was trained\n";
    return exit_usage;
  }
  if (opt.checkpoint_every > 0 || opt.resume) {
    std::error_code ec;
    std::filesystem::create_directories(out / "checkpoints", ec);
    if (ec) {
      std::cerr << "gantk-lab: cannot create " << (out / "checkpoints").string() << ": " << ec.message()
                << "; nothing was trained\n";
      return exit_usage;
    }
  }

  const lab::DataSet& data = *lab::find_data_set(opt.data);
  const gantk::data::GaussianMixture mixture = data.make();
  const lab::Projection projection(mixture);
  const auto coverage = lab::coverage_options(mixture.width());
  std::vector<std::string> names = opt.strategies;
  const bool default_experiment = names.empty();
  if (default_experiment)
    for (auto n : lab::default_experiment) names.emplace_back(n);

  // one run per (strategy, seed)
  std::vector<lab::RunSpec> specs;
  for (const auto& name : names) {
    const std::size_t index = *lab::find_entry(name);
    const lab::Recipe& recipe = lab::catalog_items()[index].recipe;
    for (auto seed : opt.seeds) {
      lab::RunSpec s;
      s.entry = index, s.name = name, s.seed = static_cast<std::uint64_t>(seed);
      // the command line, else the default experiment's run (without -s), else the entry's recipe
      const auto& d = lab::default_run;
      s.steps = opt.steps_given ? opt.steps : default_experiment ? d.steps : recipe.steps;
      s.batch = static_cast<int>(opt.batch_given ? opt.batch : default_experiment ? d.batch : recipe.batch);
      s.g_lr = opt.g_lr_given ? opt.g_lr : default_experiment ? d.g_lr : recipe.g_lr;
      s.d_lr = opt.d_lr_given ? opt.d_lr : default_experiment ? d.d_lr : recipe.d_lr;
      s.beta1 = recipe.beta1, s.beta2 = recipe.beta2;
      s.n_critic = recipe.n_critic;
      s.samples = opt.samples;
      s.coverage = coverage;
      s.record_every = std::max(1L, s.steps / 150);
      s.monitor_every = std::clamp(s.steps / 20, 100L, 200L);
      s.mixture = &mixture, s.projection = &projection;
      s.checkpoint_every = opt.checkpoint_every;
      s.resume = opt.resume;
      s.checkpoint_path = (out / "checkpoints" / (name + "-s" + std::to_string(seed) + ".ckpt")).string();
      specs.push_back(s);
    }
  }

  const int jobs = static_cast<int>(std::min<long>(opt.jobs, static_cast<long>(specs.size())));
  lab::LineSink sink(std::cerr);
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  if (!opt.quiet)
    std::cerr << "gantk-lab: " << specs.size() << (specs.size() == 1 ? " run" : " runs") << " on " << data.name << " ("
              << data.caption << "), " << jobs << " at a time; results go to " << out.string() << "/\n";
  // Longest runs first (steps × weights), so that no thread is left with a long run at the end.
  std::vector<std::size_t> order(specs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto cost = [&](std::size_t i) {
    return static_cast<double>(specs[i].steps) * static_cast<double>(lab::parameters(data.shape, specs[i].entry));
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost(a) > cost(b); });
  const auto results = lab::run_jobs<lab::RunResult>(order, jobs, [&](std::size_t i) {
    lab::RunSpec s = specs[i];
    s.label = "[" + std::to_string(i + 1) + "/" + std::to_string(specs.size()) + " " + s.name + " s" +
              std::to_string(s.seed) + "]";
    std::unique_ptr<lab::LineStream> lines;
    if (opt.quiet) {
      s.progress = gantk::Progress::Silent;
    } else if (jobs > 1) {
      lines = std::make_unique<lab::LineStream>(sink);  // bars would overwrite each other
      s.progress = gantk::Progress::Lines;
      s.progress_out = lines.get();
      s.monitor_out = lines.get();  // labelled lines; under a single run's bar the table tells
    } else {
      s.progress = gantk::Progress::Auto;
      s.progress_out = &std::cerr;
    }
    lab::RunResult r = lab::trainer(data.shape, s.entry)(s);
    if (!r.ok() && !opt.quiet) sink.write_line(s.label + " failed: " + r.error + "\n");
    return r;
  });
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;  // all threads

  const auto rows = lab::summarize(results, names);
  lab::ReportContext ctx{std::string(data.name), std::string(data.caption), static_cast<int>(mixture.components()),
                         opt.samples, {}, coverage};
  for (auto s : opt.seeds) ctx.seeds.push_back(static_cast<std::uint64_t>(s));
  if (default_experiment) ctx.caption = std::string(lab::default_experiment_caption);
  for (const auto& name : names)
    for (const auto& r : results)
      if (r.name == name && r.ok()) {
        ctx.entries.push_back(lab::entry_line(lab::catalog_items()[*lab::find_entry(name)].about, r));
        break;
      }
  std::cout << "\n" << data.name << " (" << data.caption << "), " << mixture.components() << " modes, "
            << opt.samples << " samples per run\n\n"
            << lab::text_table(rows) << '\n';
  if (default_experiment) std::cout << lab::default_experiment_caption << "\n\n";

  try {
    gantk::io::write_text_atomically((out / "results.md").string(), lab::markdown_table(rows, ctx));
    gantk::io::write_text_atomically((out / "results.csv").string(), lab::csv_summary(rows));
    gantk::io::write_text_atomically((out / "runs.csv").string(), lab::csv_runs(results));
    gantk::io::write_text_atomically((out / "monitor.csv").string(), lab::monitor_csv(results));
    gantk::io::write_text_atomically((out / "results.json").string(),
                                     lab::json_report(rows, results, ctx).dump(2) + "\n");
    const lab::FigureContext fig{&data, &mixture, &projection};
    const auto written = lab::write_figures(results, fig, out);
    std::cout << "Pictures:  " << written.samples_overview << "  (every run's samples side by side)\n"
              << "           " << written.losses_overview << "  (every run's losses)\n"
              << "           " << written.monitor_overview << "  (every run's collapse monitor)\n"
              << "           " << (out / "runs").string() << "/  (samples, losses and monitor pictures per run)\n"
              << "Tables:    " << (out / "results.md").string() << ", results.csv, runs.csv, monitor.csv, results.json\n"
              << "Took " << seconds_text(elapsed) << " of training and evaluation (" << seconds_text(cpu)
              << " of CPU time)" << '\n';
  } catch (const std::exception& e) {
    std::cerr << "gantk-lab: " << e.what() << '\n';
    return exit_failed;
  }
  bool any_ok = false;
  for (const auto& r : results) any_ok = any_ok || r.ok();
  return any_ok ? 0 : exit_failed;
}
