// One full training step (D update + G update, n_critic 1) of the standard workloads of
// BENCHMARKS.md, plain and with the strategies that change the step's arithmetic, with the
// step's GFLOP/s as a counter beside the time. After the runs it prints a summary: ms per step,
// GFLOP/s, the fraction of the FMA peak measured in the same run, and the time over the plain
// step's.
//
//   ./build/benchmarks/bench_steps --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Names: <workload>/<variant>/<threads> (threads: OpenMP threads, 1 and 2).
//
// Flops are counted, not estimated: this program defines GANTK_COUNT_FLOPS, so every matrix
// product (and MinibatchDiscFeatures's pair kernels) adds its arithmetic to gantk's counter
// (gantk/backend/flop_counter.hpp), and each benchmark reads it around one step after warm-up.
// That covers the work a strategy adds (GradientPenalty's second-order passes, UnrolledD's
// lookahead and its reverse). For the variants whose networks are plain Dense stacks the count
// is checked against the analytic one of flop_count.hpp; a mismatch fails the benchmark.
#define GANTK_COUNT_FLOPS 1

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <gantk/gantk.hpp>

#if GANTK_HAS_OPENMP
#include <omp.h>
#endif

#include "flop_count.hpp"  // bench::step_flops, the analytic count that checks the counter
#include "fma_peak.hpp"

namespace {

using namespace gantk;
static_assert(counting_flops);

// ---- the workloads ----
using RingArch = MLP<Latent<2>, Data<2>, Hidden<128, 128>>;
using RingPacArch = MLP<Latent<2>, Data<2>, GHidden<400, 400, 400, 400>, DHidden<200, 200, 200>>;
/// BENCHMARKS.md's dcgan: 28 × 28 × 1 images, z 100 (arch/dcgan.hpp); real images uniform in [−1, 1]
/// as in the peer script.
using DcganArch = DCGAN<Latent<100>, Image<1, 28, 28>>;

/// The workload's real data: the ring for 2-d points, uniform noise images otherwise.
template <class Gan>
auto workload_data() {
  if constexpr (Gan::data_width == 2) {
    return data::Ring{}.dataset();
  } else {
    Rng rng(7);
    HostMatrix<float> images(Gan::data_width, 1024);
    rng.fill_uniform(images.data(), images.size(), -1.0f, 1.0f);
    return data::MatrixDataset<float>(std::move(images));
  }
}

/// Flops of one step, read from gantk's counter.
template <class Gan, class Data>
double counted_step_flops(Gan& gan, const Data& data, Index batch) {
  reset_flop_count();
  gan.train_step(data, batch);
  return static_cast<double>(flop_count());
}

template <class Gan>
void measure_step(benchmark::State& state, Index batch, bool check_analytic) {
#if GANTK_HAS_OPENMP
  omp_set_num_threads(static_cast<int>(state.range(0)));
#endif
  // every variant: the workload's Adam and one D update per G update, so that the time over the
  // plain step's is the cost of what the strategy adds to one update
  const Adam adam{.lr = 1e-4, .beta1 = 0.5, .beta2 = 0.999};
  Gan gan{{.seed = 1, .g_optimizer = adam, .d_optimizer = adam, .n_critic = 1}};
  const auto data = workload_data<Gan>();
  const int warmup = Gan::data_width == 2 ? 20 : 3;  // sizes workspaces, warms caches (a DCGAN step is long)
  for (int i = 0; i < warmup; ++i) gan.train_step(data, batch);
  const double flops = counted_step_flops(gan, data, batch);
  if (check_analytic) {
    const double analytic = bench::step_flops<Gan>(batch);
    if (std::abs(flops - analytic) > 1e-9 * analytic) {
      const std::string msg = "flop counter " + std::to_string(flops) + " != analytic " + std::to_string(analytic);
      state.SkipWithError(msg.c_str());
      return;
    }
  }
  for (auto _ : state) benchmark::DoNotOptimize(gan.train_step(data, batch));
  state.counters["GFLOP/s"] =
      benchmark::Counter(flops * 1e-9 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["GFLOP/step"] = flops * 1e-9;
  state.counters["threads"] = static_cast<double>(state.range(0));
}

template <class Gan>
void train_step(benchmark::State& state, Index batch, bool check_analytic) {
  try {
    measure_step<Gan>(state, batch, check_analytic);
  } catch (const Error& e) {  // a variant that diverges on this workload is reported, not fatal
    state.SkipWithError(e.what());
  }
}

template <class Gan>
int register_step(const std::string& name, Index batch, bool check_analytic) {
  benchmark::RegisterBenchmark(name.c_str(),
                               [batch, check_analytic](benchmark::State& s) { train_step<Gan>(s, batch, check_analytic); })
      ->Arg(1)
      ->Arg(2)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  return 0;
}

#if GANTK_SIMD_BITS
const int peak_bench = (benchmark::RegisterBenchmark("peak/fma", bench::fma_peak)
                            ->Arg(1)
                            ->Unit(benchmark::kMillisecond)
                            ->UseRealTime(),
                        0);
#endif

/// One workload: the plain step and each variant. Plain Dense stacks (plain, PacGAN) are checked
/// against the analytic count.
template <class Arch>
int register_workload(const std::string& w, Index batch) {
  register_step<GAN<Arch, NonSaturatingLoss>>(w + "/plain", batch, true);
  register_step<GAN<Arch, NonSaturatingLoss, GradientPenalty>>(w + "/GradientPenalty", batch, false);
  register_step<GAN<Arch, NonSaturatingLoss, PacGAN<4>>>(w + "/PacGAN4", batch, true);
  register_step<GAN<Arch, NonSaturatingLoss, MinibatchDisc>>(w + "/MinibatchDisc", batch, false);
  register_step<GAN<Arch, NonSaturatingLoss, UnrolledD<5>>>(w + "/UnrolledD5", batch, false);
  return 0;
}

const int ring_bench = register_workload<RingArch>("ring", 256);
const int ring_pac_bench = register_workload<RingPacArch>("ring_pac", 100);
// DCGAN Adam(2e-4) in the peer; the step's arithmetic does not depend on the rate
const int dcgan_bench = register_step<GAN<DcganArch, NonSaturatingLoss>>("dcgan/plain", 64, false);

// ---- the summary printed after the runs ----
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      const bool single = r.run_type == Run::RT_Iteration && r.repetitions <= 1;
      if (r.error_occurred || !(single || r.aggregate_name == "median")) continue;
      const std::string name = r.run_name.function_name + "/" + r.run_name.args;
      const auto at = [&](const char* c) { return r.counters.count(c) ? static_cast<double>(r.counters.at(c)) : 0.0; };
      runs_[name] = {r.GetAdjustedRealTime(), at("GFLOP/step"), at("GFLOP/s")};
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void print_summary() const {
    const auto peak = runs_.find("peak/fma/1");
    const double core_peak = peak == runs_.end() ? 0.0 : peak->second.rate;
    std::printf("\nsummary (median when repeated; GFLOP/s = counted flops / real time)\n");
    if (core_peak > 0) std::printf("peak: %.1f GFLOP/s per core (FMA chains, this run)\n", core_peak);
    std::printf("%-28s %9s %9s %10s %9s %8s %9s\n", "workload/variant", "ms 1t", "ms 2t", "GFLOP/step", "GFLOP/s",
                "of peak", "x plain");
    for (const auto& [key, _] : runs_) {
      const auto slash = key.rfind('/');
      if (key.substr(slash) != "/1" || key.rfind("peak/", 0) == 0) continue;
      const std::string base = key.substr(0, slash);
      const Entry one = runs_.at(key), two = find(base + "/2");
      const bool two_wins = two.ms > 0 && two.ms < one.ms;
      const Entry& best = two_wins ? two : one;
      const double rate = best.gflop / (best.ms * 1e-3);
      const double frac = core_peak > 0 ? 100 * rate / (core_peak * (two_wins ? 2 : 1)) : NAN;
      const std::string plain = base.substr(0, base.find('/')) + "/plain";
      const Entry p1 = find(plain + "/1"), p2 = find(plain + "/2");
      const double plain_best = p2.ms > 0 && p2.ms < p1.ms ? p2.ms : p1.ms;
      std::printf("%-28s %9.3f %9.3f %10.4f %9.1f %7.1f%% %8.2fx\n", base.c_str(), one.ms, two.ms, best.gflop, rate,
                  frac, best.ms / plain_best);
    }
    std::printf("(of peak: of the cores the faster thread count used; x plain: best over best)\n");
  }

 private:
  struct Entry {
    double ms = 0, gflop = 0, rate = 0;
  };
  Entry find(const std::string& k) const {
    const auto it = runs_.find(k);
    return it == runs_.end() ? Entry{} : it->second;
  }
  std::map<std::string, Entry> runs_;
};

}  // namespace

int main(int argc, char** argv) {
  // the summary is for the console; --benchmark_format=json (compare_pytorch) gets the plain output
  bool console = true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--benchmark_format=") && arg != "--benchmark_format=console") console = false;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  SummaryReporter reporter;
  if (!console) {
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
  }
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_summary();
  benchmark::Shutdown();
  return 0;
}
