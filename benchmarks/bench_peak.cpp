// The machine's FMA peak, measured: independent chains of vector FMAs, one thread per benchmark
// thread. Per core it is FMA units × lanes × 2 flops × clock, so it also gives the clock the
// core actually runs at (AVX2 machines with two FMA units: GFLOP/s / 32 = GHz).
#include <benchmark/benchmark.h>

#include <gantk/backend/simd.hpp>

namespace {

#if GANTK_SIMD_BITS
void fma_peak(benchmark::State& s) {
  using S = gantk::simd::Simd<float>;
  constexpr int chains = 12;  // ≥ FMA latency × units, so the units never wait
  typename S::V acc[chains];
  gantk::simd::unroll<chains>([&](auto k) { acc[k] = S::set1(0.001f * static_cast<float>(k)); });
  const auto a = S::set1(0.999999f), b = S::set1(1e-7f);
  const long per_iteration = 1 << 16;
  for (auto _ : s) {
    for (long i = 0; i < per_iteration; ++i) {
      gantk::simd::unroll<chains>([&](auto k) GANTK_ALWAYS_INLINE { acc[k] = S::fma(acc[k], a, b); });
    }
    gantk::simd::unroll<chains>([&](auto k) { benchmark::DoNotOptimize(acc[k]); });
  }
  const double flops = 2.0 * S::width * chains * per_iteration;
  s.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9 * static_cast<double>(s.iterations()), benchmark::Counter::kIsRate);
  s.counters["lanes"] = S::width;
}
BENCHMARK(fma_peak)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif

}  // namespace

BENCHMARK_MAIN();
