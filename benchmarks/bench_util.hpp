// Small helpers shared by the layer benchmarks: random float matrices, one OpenMP thread, and
// the GFLOP/s counter.
#pragma once

#include <cstdint>

#include <benchmark/benchmark.h>

#include <gantk/backend/cpu.hpp>
#include <gantk/foundation/rng.hpp>

#if GANTK_HAS_OPENMP
#include <omp.h>
#endif

namespace gantk::bench {

using Mat = CpuBackend<float>::Matrix;

/// An r × c matrix of N(0, 1) entries from its own seed.
inline Mat random(Index r, Index c, std::uint64_t seed) {
  Mat m(r, c);
  Rng(seed).fill_normal(m.data(), m.size(), 0.f, 1.f);
  return m;
}

/// Layer benchmarks compare single-threaded code with single-threaded reference loops.
inline void one_thread() {
#if GANTK_HAS_OPENMP
  omp_set_num_threads(1);
#endif
}

/// Reports per_iteration flops as a GFLOP/s rate beside the time.
inline void flops(benchmark::State& s, double per_iteration) {
  s.counters["GFLOP/s"] =
      benchmark::Counter(per_iteration * 1e-9 * static_cast<double>(s.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace gantk::bench
