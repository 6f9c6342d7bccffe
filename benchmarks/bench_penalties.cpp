// The cost of the penalties on ∇ₓD and of unrolling D, on the `ring` workload of BENCHMARKS.md
// (G z2 → 128 → 128 → 2, D 2 → 128 → 128 → 1, ReLU, batch 256, Adam 1e-4 β 0.5/0.999), one
// training step each, n_critic 1 (so the ratio measures the extra work of one D update).
// After the runs it prints each variant's time over the plain step's, from the same run:
//   bench_penalties --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>

#include <gantk/gantk.hpp>

namespace {

using Ring = gantk::MLP<gantk::Latent<2>, gantk::Data<2>, gantk::Hidden<128, 128>>;

template <class... Strategies>
using RingGan = gantk::GAN<Ring, gantk::NonSaturatingLoss, Strategies...>;

template <class Gan>
void step(benchmark::State& state) {
  const gantk::Adam adam{.lr = 1e-4, .beta1 = 0.5, .beta2 = 0.999};
  Gan gan{{.seed = 1, .g_optimizer = adam, .d_optimizer = adam, .n_critic = 1}};
  const auto data = gantk::data::Ring{}.dataset();
  for (int i = 0; i < 3; ++i) gan.train_step(data, 256);  // workspaces, caches
  for (auto _ : state) benchmark::DoNotOptimize(gan.train_step(data, 256));
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(step<RingGan<>>)->Name("ring/plain")->Unit(benchmark::kMillisecond);
BENCHMARK(step<RingGan<gantk::GradientPenalty>>)->Name("ring/GradientPenalty")->Unit(benchmark::kMillisecond);
BENCHMARK(step<RingGan<gantk::R1Penalty>>)->Name("ring/R1Penalty")->Unit(benchmark::kMillisecond);
BENCHMARK(step<RingGan<gantk::DRAGANPenalty>>)->Name("ring/DRAGANPenalty")->Unit(benchmark::kMillisecond);
BENCHMARK(step<RingGan<gantk::UnrolledD<5>>>)->Name("ring/UnrolledD<5>")->Unit(benchmark::kMillisecond);
BENCHMARK(step<RingGan<gantk::UnrolledD<5, gantk::Unroll::FirstOrder>>>)
    ->Name("ring/UnrolledD<5,FirstOrder>")
    ->Unit(benchmark::kMillisecond);

// Console output as usual, plus each case's time (median when repeated) over ring/plain's.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      const bool single = r.run_type == Run::RT_Iteration && r.repetitions <= 1;
      if (single || r.aggregate_name == "median")
        ms_[r.run_name.function_name] = {r.GetAdjustedRealTime(), r.GetAdjustedCPUTime()};
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void print_ratios() const {
    const auto plain = ms_.find("ring/plain");
    if (plain == ms_.end() || plain->second.real <= 0) return;
    std::printf("\nstep time over ring/plain's (real %.3f ms, CPU %.3f ms; CPU time is steadier on a busy machine)\n",
                plain->second.real, plain->second.cpu);
    for (const auto& [name, t] : ms_)
      std::printf("  %-30s real %8.3f ms  %5.2fx   CPU %8.3f ms  %5.2fx\n", name.c_str(), t.real,
                  t.real / plain->second.real, t.cpu, t.cpu / plain->second.cpu);
  }

 private:
  struct Times {
    double real = 0, cpu = 0;
  };
  std::map<std::string, Times> ms_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios();
  benchmark::Shutdown();
  return 0;
}
