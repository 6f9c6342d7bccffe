// The machine's FMA peak, measured on one core (benchmarks/fma_peak.hpp).
#include <benchmark/benchmark.h>

#include "fma_peak.hpp"

#if GANTK_SIMD_BITS
BENCHMARK(gantk::bench::fma_peak)->Name("fma_peak")->Unit(benchmark::kMillisecond)->UseRealTime();
#endif

BENCHMARK_MAIN();
