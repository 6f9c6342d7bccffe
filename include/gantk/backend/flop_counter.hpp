// An opt-in count of the floating-point work gantk does, for benchmarks (GFLOP/s of a training
// step whatever the strategies add: a penalty's second-order passes, unrolling, ...).
//
// Define GANTK_COUNT_FLOPS before including any gantk header, in every translation unit of the
// program (a program mixing both settings breaks the one-definition rule). Then every matrix
// product adds 2·m·n·k to one process-wide relaxed atomic, and layers with O(batch²) kernels that
// are not products (MinibatchDiscFeatures) add their own arithmetic. Without the macro the
// counting calls are empty inline functions: no cost.
//
//   gantk::reset_flop_count();
//   gan.train_step(data, 256);
//   const auto flops = gantk::flop_count();
//
// What counts: 2 flops per multiply-add of a product (the usual GEMM convention); in the pair
// kernels one per add, subtract, multiply and exp. Biases, activations, losses and optimizers
// (O(parameters + batch·width)) are left out, as is usual when quoting GEMM-bound throughput.
#pragma once

#include <cstdint>

#ifdef GANTK_COUNT_FLOPS
#include <atomic>
#endif

namespace gantk {

/// True when this program counts flops (GANTK_COUNT_FLOPS defined).
#ifdef GANTK_COUNT_FLOPS
inline constexpr bool counting_flops = true;
#else
inline constexpr bool counting_flops = false;
#endif

namespace detail {
#ifdef GANTK_COUNT_FLOPS
inline std::atomic<std::uint64_t> flop_counter{0};
inline void count_flops(double n) { flop_counter.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed); }
#else
inline void count_flops(double) {}
#endif
}  // namespace detail

/// Flops counted since the last reset_flop_count() (0 unless GANTK_COUNT_FLOPS is defined).
inline std::uint64_t flop_count() {
#ifdef GANTK_COUNT_FLOPS
  return detail::flop_counter.load(std::memory_order_relaxed);
#else
  return 0;
#endif
}

inline void reset_flop_count() {
#ifdef GANTK_COUNT_FLOPS
  detail::flop_counter.store(0, std::memory_order_relaxed);
#endif
}

}  // namespace gantk
