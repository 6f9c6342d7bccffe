// gantk — configuration macros and the basic index type shared by every header.
#pragma once

#include <cstddef>
#include <cstdint>

#define GANTK_VERSION_MAJOR 0
#define GANTK_VERSION_MINOR 1
#define GANTK_VERSION_PATCH 0

// Functions that a future CUDA backend may run on the device as well.
#if defined(__CUDACC__)
#define GANTK_HD __host__ __device__
#else
#define GANTK_HD
#endif

#if defined(_OPENMP)
#define GANTK_HAS_OPENMP 1
#else
#define GANTK_HAS_OPENMP 0
#endif

namespace gantk {

/// Signed index used for sizes and positions (the same as Eigen::Index).
using Index = std::ptrdiff_t;

}  // namespace gantk
