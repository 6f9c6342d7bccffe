// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011).
//
// Why counter-based: a draw is a pure function of (seed, stream, position), so filling a
// buffer gives the same numbers whatever the thread count, and a future CUDA backend can
// reproduce the CPU's noise exactly.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include <gantk/foundation/config.hpp>

namespace gantk {

namespace detail {

GANTK_HD inline void philox_round(std::array<std::uint32_t, 4>& c, const std::array<std::uint32_t, 2>& k) {
  constexpr std::uint64_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;
  const std::uint64_t p0 = m0 * c[0], p1 = m1 * c[2];
  const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
  const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
  c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
}

/// Ten rounds of Philox4x32 on one 128-bit counter.
GANTK_HD inline std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> c, std::array<std::uint32_t, 2> k) {
  for (int r = 0; r < 10; ++r) {
    philox_round(c, k);
    k[0] += 0x9E3779B9u;
    k[1] += 0xBB67AE85u;
  }
  return c;
}

template <class T>
GANTK_HD inline T unit_open_closed(std::uint32_t x) {  // (0, 1]
  return (static_cast<T>(x >> 8) + T(1)) * T(1.0 / 16777216.0);
}
template <class T>
GANTK_HD inline T unit_closed_open(std::uint32_t x) {  // [0, 1)
  return static_cast<T>(x >> 8) * T(1.0 / 16777216.0);
}

}  // namespace detail

/// A reproducible random stream: (seed, stream id) name it, a 64-bit position walks it.
/// Copying an Rng copies its position (both copies then draw the same numbers).
class Rng {
 public:
  Rng() = default;
  explicit Rng(std::uint64_t seed, std::uint64_t stream = 0)
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}, stream_(stream) {}

  /// A statistically independent stream derived from this one's seed.
  Rng split(std::uint64_t stream) const {
    Rng r;
    r.key_ = key_;
    r.stream_ = stream_ * 0x9E3779B97F4A7C15ull + stream + 1;
    return r;
  }

  std::uint64_t position() const { return position_; }

  /// Everything that decides the draws to come (key, stream, position, the unread words of the
  /// current block), written or read by a checkpoint archive (io/state_archive.hpp).
  template <class Archive>
  void serialize_state(Archive& a) {
    a.io(key_);
    a.io(stream_);
    a.io(position_);
    a.io(buffer_);
    a.io(used_);
    a.require(used_ >= 0 && used_ <= 4, "a random stream has ", used_, " used words in its block (0 to 4)");
  }

  /// Four raw 32-bit words from the block at `block` (does not move the position).
  std::array<std::uint32_t, 4> block(std::uint64_t block) const {
    return detail::philox4x32({static_cast<std::uint32_t>(block), static_cast<std::uint32_t>(block >> 32),
                               static_cast<std::uint32_t>(stream_), static_cast<std::uint32_t>(stream_ >> 32)},
                              key_);
  }

  std::uint32_t next_u32() {
    if (used_ == 4) {
      buffer_ = block(position_++);
      used_ = 0;
    }
    return buffer_[used_++];
  }

  /// Uniform integer in [0, n).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next_u32()) * n) >> 32);
  }

  template <class T = double>
  T uniform() {
    return detail::unit_closed_open<T>(next_u32());
  }

  template <class T = double>
  T normal() {
    const T u1 = detail::unit_open_closed<T>(next_u32());
    const T u2 = detail::unit_closed_open<T>(next_u32());
    return std::sqrt(T(-2) * std::log(u1)) * std::cos(T(6.283185307179586) * u2);
  }

  /// Fills out[0..n) with N(mean, stddev²) draws. Element i depends only on the position at
  /// the call and i (Box–Muller on one Philox block per four elements), so the fill may be
  /// split across threads without changing a single value.
  template <class T>
  void fill_normal(T* out, Index n, T mean = T(0), T stddev = T(1)) {
    const std::uint64_t base = position_;
    const Index blocks = (n + 3) / 4;
    for (Index b = 0; b < blocks; ++b) {
      const auto w = block(base + static_cast<std::uint64_t>(b));
      T v[4];
      for (int h = 0; h < 2; ++h) {
        const T r = std::sqrt(T(-2) * std::log(detail::unit_open_closed<T>(w[2 * h])));
        const T a = T(6.283185307179586) * detail::unit_closed_open<T>(w[2 * h + 1]);
        v[2 * h] = r * std::cos(a);
        v[2 * h + 1] = r * std::sin(a);
      }
      const Index i0 = 4 * b;
      for (Index j = 0; j < 4 && i0 + j < n; ++j) out[i0 + j] = mean + stddev * v[j];
    }
    position_ = base + static_cast<std::uint64_t>(blocks);
    used_ = 4;
  }

  /// Fills out[0..n) with U[lo, hi) draws.
  template <class T>
  void fill_uniform(T* out, Index n, T lo = T(0), T hi = T(1)) {
    const std::uint64_t base = position_;
    const Index blocks = (n + 3) / 4;
    for (Index b = 0; b < blocks; ++b) {
      const auto w = block(base + static_cast<std::uint64_t>(b));
      for (Index j = 0; j < 4 && 4 * b + j < n; ++j)
        out[4 * b + j] = lo + (hi - lo) * detail::unit_closed_open<T>(w[static_cast<std::size_t>(j)]);
    }
    position_ = base + static_cast<std::uint64_t>(blocks);
    used_ = 4;
  }

 private:
  std::array<std::uint32_t, 2> key_{0, 0};
  std::uint64_t stream_ = 0;
  std::uint64_t position_ = 0;
  std::array<std::uint32_t, 4> buffer_{};
  int used_ = 4;
};

}  // namespace gantk
