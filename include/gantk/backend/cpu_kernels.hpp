// gantk's own GEMM for the shapes of small GAN layers (widths 1–1000, batches 64–512), with
// fused epilogues (cpu_epilogues.hpp). Built only when the target has AVX2 + FMA or AVX-512.
//
// Why not Eigen's GEBP here: on 128×128×256 products Eigen packs both operands on every call and
// reaches ~55% of one core's peak; GAN steps are dozens of such products. This kernel
//   - packs only A (one MR-row panel at a time, kept in L1) and broadcasts B straight from memory
//     in either storage order, so op(B) = B or Bᵀ costs the same and nothing is copied per column;
//   - keeps an MR × NR tile of C in registers (AVX2: 16 × 6 floats in 12 registers, AVX-512:
//     32 × 12), which is 2 FMAs per load of A and one broadcast per 2 FMAs;
//   - hands each finished tile, still in L1, to an epilogue, so bias, activation and activation
//     derivative cost no extra pass over memory; the epilogue sits behind a function pointer
//     (EpilogueRef), so everything here is compiled once per scalar type;
//   - treats degenerate shapes separately: m ≤ width/2 (a layer with 1 or 2 outputs) becomes dot
//     products along k, or the transposed product, instead of mostly-empty register tiles.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <type_traits>

#include <gantk/backend/cpu_epilogues.hpp>
#include <gantk/backend/op.hpp>
#include <gantk/foundation/config.hpp>

#if GANTK_SIMD_BITS

namespace gantk::detail::kern {

template <class T>
struct Shape {
  using S = Simd<T>;
  static constexpr int W = S::width;
  static constexpr int MV = 2;                             // vectors of C rows per tile
  static constexpr int MR = MV * W;                        // rows per tile
  static constexpr int NR = S::registers == 32 ? 12 : 6;  // MV·NR accumulators + MV loads + 1 broadcast
  static constexpr Index KC = 512;                         // MR × KC panel of A: ≤ 32 KB (float), in L1
  static constexpr Index NC = 1024;                        // KC × NC of B, re-read per panel, in L2
  /// m at or below this goes to the small-m paths
  static constexpr Index small_m = W / 2;
};

/// A per-thread buffer for one packed panel of A (allocated on a thread's first product, then
/// reused, so a training step allocates nothing).
template <class T>
T* panel_buffer() {
  thread_local Eigen::Matrix<T, Eigen::Dynamic, 1> buf;
  constexpr Index need = Shape<T>::MR * Shape<T>::KC;
  if (buf.size() < need) buf.resize(need);
  return buf.data();
}

/// Packs rows [i0, i0 + rows) × columns [p0, p0 + kc) of op(A) as out[p·MRp + r], zero-padded
/// to MRp rows, so the kernel loads MRp consecutive values per step of k.
template <class T, int MRp>
void pack_a(T* out, const T* a, Index lda, Op op_a, Index i0, int rows, Index p0, Index kc) {
  using S = Simd<T>;
  constexpr int W = S::width;
  if (op_a == Op::N) {
    const T* src = a + i0 + p0 * lda;
    if (rows == MRp) {
      for (Index p = 0; p < kc; ++p)
        for (int v = 0; v < MRp / W; ++v) S::store(out + p * MRp + v * W, S::load(src + p * lda + v * W));
    } else {
      for (Index p = 0; p < kc; ++p)
        for (int v = 0; v < MRp / W; ++v) {
          const int r = rows - v * W;
          S::store(out + p * MRp + v * W, r >= W ? S::load(src + p * lda + v * W)
                                          : r > 0 ? S::load(src + p * lda + v * W, r) : S::zero());
        }
    }
  } else {
    // transpose: each of the rows is contiguous along p in storage
    int r = 0;
    for (; r < rows; ++r) {
      const T* src = a + p0 + (i0 + r) * lda;
      for (Index p = 0; p < kc; ++p) out[p * MRp + r] = src[p];
    }
    for (; r < MRp; ++r)
      for (Index p = 0; p < kc; ++p) out[p * MRp + r] = T(0);
  }
}

/// acc = Σ_p A(:, p) B(p, j) over a packed panel (MV vectors per step) and NR columns of B,
/// where B(p, j) is b[p·ldb + j] (BT) or b[p + j·ldb]. Columns from `cols` on repeat the last
/// valid one (the epilogue drops them), so one kernel serves every width ≤ NR.
template <class T, int MV, int NR, bool BT>
[[gnu::always_inline]] inline void micro(Index kc, const T* __restrict a, Index as, const T* __restrict b, Index ldb,
                                         int cols, typename Simd<T>::V (&acc)[NR][MV]) {
  using S = Simd<T>;
  using simd::unroll;
  constexpr int W = S::width;
  Index off[NR];
  unroll<NR>([&](auto j) GANTK_ALWAYS_INLINE {
    const Index jj = j < cols ? Index(j) : Index(cols - 1);
    off[j] = BT ? jj : jj * ldb;
  });
  // a local tile, copied out once: compilers keep it in registers, but not acc (it escapes)
  typename S::V c[NR][MV];
  unroll<NR>([&](auto j) GANTK_ALWAYS_INLINE { unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE { c[j][v] = S::zero(); }); });
  const T* bp = b;
  for (Index p = 0; p < kc; ++p, bp += BT ? ldb : 1) {
    typename S::V av[MV];
    unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE { av[v] = S::load(a + p * as + v * W); });
    unroll<NR>([&](auto j) GANTK_ALWAYS_INLINE {
      const typename S::V bj = S::broadcast(bp + off[j]);
      unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE { c[j][v] = S::fma(av[v], bj, c[j][v]); });
    });
  }
  unroll<NR>([&](auto j) GANTK_ALWAYS_INLINE { unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE { acc[j][v] = c[j][v]; }); });
}

template <class T, int MV, int NR>
[[gnu::always_inline]] inline void scale(typename Simd<T>::V (&acc)[NR][MV], T alpha) {
  if (alpha == T(1)) return;
  const auto s = Simd<T>::set1(alpha);
  simd::unroll<NR>([&](auto j) GANTK_ALWAYS_INLINE {
    simd::unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE { acc[j][v] = Simd<T>::mul(acc[j][v], s); });
  });
}

/// One MV·W × NR tile of α·op(A)·op(B) (columns from `cols` on are padding), stored to out
/// (column stride MV·W) for the epilogue.
template <class T, int MV, int NR, bool BT>
void tile(Index kc, const T* panel, Index as, const T* b, Index ldb, int cols, T alpha, T* out) {
  using S = Simd<T>;
  typename S::V acc[NR][MV];
  micro<T, MV, NR, BT>(kc, panel, as, b, ldb, cols, acc);
  scale<T, MV, NR>(acc, alpha);
  simd::unroll<NR>([&](auto j) GANTK_ALWAYS_INLINE {
    simd::unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE { S::store(out + (j * MV + v) * S::width, acc[j][v]); });
  });
}

/// One packed panel (rows ≤ MV·W) against columns [j_lo, j_hi).
template <class T, int MV, bool BT>
void panel_times_b(const T* panel, Index as, Index kc, const T* b, Index ldb, Index i0, int rows, Index j_lo, Index j_hi, T alpha,
                   bool add, bool last, EpilogueRef<T> ep) {
  constexpr int NR = Shape<T>::NR, MRv = MV * Simd<T>::width;
  alignas(64) T out[MRv * NR];
  for (Index j = j_lo; j < j_hi; j += NR) {
    const int cols = static_cast<int>(std::min<Index>(NR, j_hi - j));
    tile<T, MV, NR, BT>(kc, panel, as, BT ? b + j : b + j * ldb, ldb, cols, alpha, out);
    ep(Block<T>{out, 1, MRv, i0, j, rows, cols}, add, last);
  }
}

/// The block [i_lo, i_hi) × [j_lo, j_hi) of C = α·op(A)·op(B) (+ C when beta_one), on the calling
/// thread. op(B)(p, j) is b[p·ldb + j] when BT, b[p + j·ldb] otherwise.
template <class T, bool BT>
void gemm_block(Index i_lo, Index i_hi, Index j_lo, Index j_hi, Index k, T alpha, const T* a, Index lda, Op op_a,
                const T* b, Index ldb, bool beta_one, EpilogueRef<T> ep) {
  using Sh = Shape<T>;
  constexpr int W = Sh::W;
  T* panel = panel_buffer<T>();
  const Index k_blocks = std::max<Index>(1, (k + Sh::KC - 1) / Sh::KC);
  const Index kc_even = (k + k_blocks - 1) / k_blocks;  // 400 = one block of 400, not 384 + 16
  Index p0 = 0;
  do {
    const Index kc = std::min(kc_even, k - p0);
    const bool last = p0 + kc >= k, add = beta_one || p0 > 0;
    const T* bp = BT ? b + p0 * ldb : b + p0;
    for (Index jn = j_lo; jn < j_hi; jn += Sh::NC) {
      const Index jn_hi = std::min(j_hi, jn + Sh::NC);
      for (Index i0 = i_lo; i0 < i_hi; i0 += Sh::MR) {
        const int rows = static_cast<int>(std::min<Index>(Sh::MR, i_hi - i0));
        if (rows == Sh::MR && op_a == Op::N) {  // A's columns are the panel already (measured: faster than packing)
          panel_times_b<T, Sh::MV, BT>(a + i0 + p0 * lda, lda, kc, bp, ldb, i0, rows, jn, jn_hi, alpha, add, last, ep);
        } else if (rows > W) {
          pack_a<T, Sh::MR>(panel, a, lda, op_a, i0, rows, p0, kc);
          panel_times_b<T, Sh::MV, BT>(panel, Sh::MR, kc, bp, ldb, i0, rows, jn, jn_hi, alpha, add, last, ep);
        } else {
          pack_a<T, W>(panel, a, lda, op_a, i0, rows, p0, kc);
          panel_times_b<T, 1, BT>(panel, W, kc, bp, ldb, i0, rows, jn, jn_hi, alpha, add, last, ep);
        }
      }
    }
    p0 += kc;
  } while (p0 < k);
}

/// Presents the transposed problem's blocks to an epilogue written for C: element (i', j') of
/// Cᵀ is C(j', i').
template <class T>
EpilogueRef<T> transposed(const EpilogueRef<T>& ep) {
  return {&ep, [](const void* self, const Block<T>& b, bool add, bool last) {
            (*static_cast<const EpilogueRef<T>*>(self))(Block<T>{b.v, b.cs, b.rs, b.j0, b.i0, b.cols, b.rows}, add, last);
          }};
}

/// C (m × n, m small) as dot products along k: C(i, j) = Σ_p Â(i, p) B(p, j) with B = op(B)
/// stored column-major (op N), so each column of B is contiguous; Â's rows are packed. Results
/// gather in a strip of up to Strip columns before they go to the epilogue.
template <class T, int M>
void small_m_dot(Index j_lo, Index j_hi, Index k, T alpha, const T* a, Index lda, Op op_a, const T* b, Index ldb, bool beta_one,
                 EpilogueRef<T> ep) {
  using S = Simd<T>;
  using V = typename S::V;
  constexpr int W = S::width;
  constexpr int JB = M <= 2 ? 4 : 2;  // columns per pass: M·JB ≤ 8 accumulators
  constexpr int Strip = 64;
  static_assert(Strip % JB == 0, "a strip fills exactly with JB-column passes and single columns");
  alignas(64) T out[M * Strip];  // column-major, M rows
  Index strip_j = j_lo;
  int filled = 0;
  auto flush = [&] {
    if (filled) ep(Block<T>{out, 1, M, 0, strip_j, M, filled}, beta_one, true);
    strip_j += filled;
    filled = 0;
  };
  const T* rows[M] = {};
  T* packed = panel_buffer<T>();  // holds M·k ≤ MR·KC values when op(A) rows are strided
  const bool pack = op_a == Op::N && k * M <= Shape<T>::MR * Shape<T>::KC;
  for (int i = 0; i < M; ++i) {
    if (op_a == Op::T) {
      rows[i] = a + i * lda;
    } else if (pack) {
      for (Index p = 0; p < k; ++p) packed[i * k + p] = a[i + p * lda];
      rows[i] = packed + i * k;
    }
  }
  if (op_a == Op::N && !pack) {  // too long to pack: scalar fallback, not a shape GAN layers have
    for (Index j = j_lo; j < j_hi; ++j) {
      for (int i = 0; i < M; ++i) {
        T s = T(0);
        for (Index p = 0; p < k; ++p) s += a[i + p * lda] * b[p + j * ldb];
        out[filled * M + i] = alpha * s;
      }
      if (++filled == Strip) flush();
    }
    flush();
    return;
  }
  const Index kv = k / W * W;
  const int tail = static_cast<int>(k - kv);
  auto run = [&](auto jb_const, Index j) {
    constexpr int J = decltype(jb_const)::value;
    V acc[M][J];
    for (int i = 0; i < M; ++i)
      for (int c = 0; c < J; ++c) acc[i][c] = S::zero();
    for (Index p = 0; p < kv; p += W) {
      V bv[J];
      for (int c = 0; c < J; ++c) bv[c] = S::load(b + p + (j + c) * ldb);
      for (int i = 0; i < M; ++i) {
        const V av = S::load(rows[i] + p);
        for (int c = 0; c < J; ++c) acc[i][c] = S::fma(av, bv[c], acc[i][c]);
      }
    }
    if (tail) {
      for (int i = 0; i < M; ++i) {
        const V av = S::load(rows[i] + kv, tail);
        for (int c = 0; c < J; ++c) acc[i][c] = S::fma(av, S::load(b + kv + (j + c) * ldb, tail), acc[i][c]);
      }
    }
    for (int c = 0; c < J; ++c)
      for (int i = 0; i < M; ++i) out[(filled + c) * M + i] = alpha * S::sum(acc[i][c]);
    filled += J;
    if (filled == Strip) flush();
  };
  Index j = j_lo;
  for (; j + JB <= j_hi; j += JB) run(std::integral_constant<int, JB>{}, j);
  for (; j < j_hi; ++j) run(std::integral_constant<int, 1>{}, j);
  flush();
}

/// Columns [j_lo, j_hi) of C when m ≤ Shape::small_m.
template <class T>
void small_m(Index m, Index j_lo, Index j_hi, Index k, T alpha, const T* a, Index lda, Op op_a, const T* b, Index ldb, Op op_b,
             bool beta_one, EpilogueRef<T> ep) {
  if (op_b == Op::T) {
    // Cᵀ = op(B)ᵀ · op(A)ᵀ: op(B)ᵀ is B as stored (n × k, column-major), vectors run along n
    const EpilogueRef<T> tep = transposed(ep);
    if (op_a == Op::N) gemm_block<T, true>(j_lo, j_hi, 0, m, k, alpha, b, ldb, Op::N, a, lda, beta_one, tep);
    else gemm_block<T, false>(j_lo, j_hi, 0, m, k, alpha, b, ldb, Op::N, a, lda, beta_one, tep);
    return;
  }
  static_assert(Shape<T>::small_m <= 8, "small_m paths are instantiated for m up to 8");
  // only the widths this T can send here are instantiated (compile time)
  if constexpr (Shape<T>::small_m >= 3)
    if (m >= 3) {
      if (m == 3) return small_m_dot<T, 3>(j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, beta_one, ep);
      if constexpr (Shape<T>::small_m >= 4)
        if (m == 4) return small_m_dot<T, 4>(j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, beta_one, ep);
      if constexpr (Shape<T>::small_m >= 8) {  // AVX-512 float
        if (m == 5) return small_m_dot<T, 5>(j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, beta_one, ep);
        if (m == 6) return small_m_dot<T, 6>(j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, beta_one, ep);
        if (m == 7) return small_m_dot<T, 7>(j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, beta_one, ep);
        return small_m_dot<T, 8>(j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, beta_one, ep);
      }
    }
  if (m == 2) return small_m_dot<T, 2>(j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, beta_one, ep);
  return small_m_dot<T, 1>(j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, beta_one, ep);
}

/// Rows [i_lo, i_hi) × columns [j_lo, j_hi) of C = α·op(A)·op(B) (+ C when beta_one), through ep.
template <class T>
void gemm_part(Index m, Index i_lo, Index i_hi, Index j_lo, Index j_hi, Index k, T alpha, const T* a, Index lda,
               Op op_a, const T* b, Index ldb, Op op_b, bool beta_one, EpilogueRef<T> ep) {
  if (m <= Shape<T>::small_m) {  // the small-m paths take all rows
    small_m(m, j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, op_b, beta_one, ep);
    return;
  }
  if (op_b == Op::T) gemm_block<T, true>(i_lo, i_hi, j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, beta_one, ep);
  else gemm_block<T, false>(i_lo, i_hi, j_lo, j_hi, k, alpha, a, lda, op_a, b, ldb, beta_one, ep);
}

}  // namespace gantk::detail::kern

#endif
