// One full training step (D update + G update) of the standard workloads of BENCHMARKS.md, with
// the step's arithmetic as a GFLOP/s counter beside the time.
//
//   ./build/benchmarks/bench_steps --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
//
// The argument of each benchmark is the OpenMP thread count (1 and 2).
#include <benchmark/benchmark.h>

#include <gantk/gantk.hpp>

#if GANTK_HAS_OPENMP
#include <omp.h>
#endif

#include "flop_count.hpp"  // bench::step_flops

namespace {

using namespace gantk;

// ---- the workloads ----
using RingArch = MLP<Latent<2>, Data<2>, Hidden<128, 128>>;
using RingPacArch = MLP<Latent<2>, Data<2>, GHidden<400, 400, 400, 400>, DHidden<200, 200, 200>>;

template <class Gan>
void train_step(benchmark::State& state, Index batch, double flops) {
#if GANTK_HAS_OPENMP
  omp_set_num_threads(static_cast<int>(state.range(0)));
#endif
  Gan gan{{.seed = 1}};
  const auto data = data::Ring{}.dataset();
  for (int i = 0; i < 20; ++i) gan.train_step(data, batch);  // sizes workspaces, warms caches
  for (auto _ : state) benchmark::DoNotOptimize(gan.train_step(data, batch));
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9 * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
  state.counters["GFLOP/step"] = flops * 1e-9;
  state.counters["threads"] = static_cast<double>(state.range(0));
}

template <class Gan>
int register_step(const char* name, Index batch, double (*flops)(Index) = &bench::step_flops<Gan>) {
  benchmark::RegisterBenchmark(name, [batch, flops](benchmark::State& s) { train_step<Gan>(s, batch, flops(batch)); })
      ->Arg(1)
      ->Arg(2)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  return 0;
}

// One line per workload: name, batch, GAN type. The flop count of a plain step comes from the
// networks' Dense layers (bench::step_flops); a variant that does more per step (a penalty's
// extra passes, unrolling) registers with GANTK_STEP_BENCHMARK_FLOPS and its own count.
#define GANTK_STEP_BENCHMARK(name, batch, ...) const int name##_bench = register_step<__VA_ARGS__>(#name, batch)
#define GANTK_STEP_BENCHMARK_FLOPS(name, batch, flops, ...) \
  const int name##_bench = register_step<__VA_ARGS__>(#name, batch, flops)

GANTK_STEP_BENCHMARK(ring, 256, GAN<RingArch, NonSaturatingLoss>);
GANTK_STEP_BENCHMARK(ring_pac, 100, GAN<RingPacArch, NonSaturatingLoss>);
// Variants, one line each once the strategies are merged (names as they will be spelled there):
// GANTK_STEP_BENCHMARK(ring_pacgan4, 256, GAN<RingArch, NonSaturatingLoss, PacGAN<4>>);
// GANTK_STEP_BENCHMARK(ring_minibatch_disc, 256, GAN<RingArch, NonSaturatingLoss, MinibatchDisc<>>);
// GANTK_STEP_BENCHMARK_FLOPS(ring_gp, 256, my_gp_flops, GAN<RingArch, WassersteinLoss, GradientPenalty>);
// GANTK_STEP_BENCHMARK_FLOPS(ring_unrolled5, 256, my_unrolled_flops, GAN<RingArch, NonSaturatingLoss, UnrolledD<5>>);

}  // namespace

BENCHMARK_MAIN();
