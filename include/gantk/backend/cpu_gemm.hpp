// The CPU backend's matrix product and gantk's split of it across OpenMP threads.
//
// With AVX2 + FMA or AVX-512 the product runs on gantk's own kernel (cpu_kernels.hpp), which also
// fuses the work after a product (bias, activation, derivative) through an epilogue. Otherwise
// (a portable build) it drives Eigen's packed GEBP kernel with blocking buffers that gantk owns.
//
// Why not `C.noalias() = A * B`: for the shapes of GAN layers, Eigen's product front end
// allocates its packing buffers on every call once it goes parallel, and chooses threading by a
// fixed rule. Calling the kernel with per-thread buffers (grown once, then reused) keeps a
// training step allocation-free, and lets gantk decide when threads pay (benchmarks/).
#pragma once

#include <Eigen/Core>
#include <algorithm>

#include <gantk/backend/cpu_kernels.hpp>
#include <gantk/backend/flop_counter.hpp>
#include <gantk/backend/op.hpp>
#include <gantk/foundation/config.hpp>

#if GANTK_HAS_OPENMP
#include <omp.h>
#endif

namespace gantk {
namespace detail {

/// Products with fewer flops than this stay on one thread. Measured on the 2-core development
/// machine with benchmarks/bench_layers.cpp; below it, waking the second thread costs more
/// than it saves.
inline constexpr double parallel_gemm_flops = 4.0e6;

template <class T>
struct GemmBuffers {
  Eigen::Matrix<T, Eigen::Dynamic, 1> a, b;  // aligned by Eigen
};

template <class T>
GemmBuffers<T>& thread_gemm_buffers() {
  thread_local GemmBuffers<T> buffers;
  return buffers;
}

/// Eigen's level-3 blocking with packing buffers owned by the calling thread.
template <class T>
class OwnedBlocking : public Eigen::internal::level3_blocking<T, T> {
 public:
  OwnedBlocking(Index m, Index n, Index k) {
    Index kc = k, mc = m, nc = n;
    Eigen::internal::computeProductBlockingSizes<T, T, 1>(kc, mc, nc, Index(1));
    this->m_kc = kc;
    this->m_mc = mc;
    this->m_nc = nc;
    auto& buf = thread_gemm_buffers<T>();
    if (buf.a.size() < kc * mc) buf.a.resize(kc * mc);  // grows once per thread, then reused
    if (buf.b.size() < kc * nc) buf.b.resize(kc * nc);
    this->m_blockA = buf.a.data();
    this->m_blockB = buf.b.data();
  }
};

/// C(M×N) += alpha · op(A)(M×K) · op(B)(K×N), all column-major storage, on the calling thread.
template <class T>
void gemm_serial(Index m, Index n, Index k, T alpha, const T* a, Index lda, Op op_a, const T* b, Index ldb, Op op_b,
                 T* c, Index ldc) {
  if (m == 0 || n == 0 || k == 0) return;
  count_flops(2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k));
  OwnedBlocking<T> blocking(m, n, k);
  using Eigen::ColMajor;
  using Eigen::RowMajor;
  namespace ei = Eigen::internal;
  if (op_a == Op::N && op_b == Op::N)
    ei::general_matrix_matrix_product<Index, T, ColMajor, false, T, ColMajor, false, ColMajor, 1>::run(
        m, n, k, a, lda, b, ldb, c, 1, ldc, alpha, blocking, nullptr);
  else if (op_a == Op::T && op_b == Op::N)
    ei::general_matrix_matrix_product<Index, T, RowMajor, false, T, ColMajor, false, ColMajor, 1>::run(
        m, n, k, a, lda, b, ldb, c, 1, ldc, alpha, blocking, nullptr);
  else if (op_a == Op::N && op_b == Op::T)
    ei::general_matrix_matrix_product<Index, T, ColMajor, false, T, RowMajor, false, ColMajor, 1>::run(
        m, n, k, a, lda, b, ldb, c, 1, ldc, alpha, blocking, nullptr);
  else
    ei::general_matrix_matrix_product<Index, T, RowMajor, false, T, RowMajor, false, ColMajor, 1>::run(
        m, n, k, a, lda, b, ldb, c, 1, ldc, alpha, blocking, nullptr);
}

/// As gemm_serial (C += α·op(A)·op(B)), split across OpenMP threads along the longer side of C
/// when large enough.
template <class T>
void gemm_eigen(Index m, Index n, Index k, T alpha, const T* a, Index lda, Op op_a, const T* b, Index ldb, Op op_b,
                T* c, Index ldc) {
#if GANTK_HAS_OPENMP
  const double flops = 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  if (flops >= parallel_gemm_flops && omp_get_max_threads() > 1 && !omp_in_parallel()) {
    const bool split_cols = n >= m;
#pragma omp parallel
    {
      const Index nt = omp_get_num_threads(), t = omp_get_thread_num();
      const Index len = split_cols ? n : m;
      // chunk boundaries on multiples of 8 keep SIMD panels whole
      const Index lo = std::min(len, ((len * t / nt) + 7) / 8 * 8);
      const Index hi = t + 1 == nt ? len : std::min(len, ((len * (t + 1) / nt) + 7) / 8 * 8);
      if (hi > lo) {
        if (split_cols) {
          const T* bj = op_b == Op::N ? b + lo * ldb : b + lo;
          gemm_serial(m, hi - lo, k, alpha, a, lda, op_a, bj, ldb, op_b, c + lo * ldc, ldc);
        } else {
          const T* ai = op_a == Op::N ? a + lo : a + lo * lda;
          gemm_serial(hi - lo, n, k, alpha, ai, lda, op_a, b, ldb, op_b, c + lo, ldc);
        }
      }
    }
    return;
  }
#endif
  gemm_serial(m, n, k, alpha, a, lda, op_a, b, ldb, op_b, c, ldc);
}

#if GANTK_SIMD_BITS
/// C = α·op(A)·op(B) (+ C when beta_one), each finished tile handed to the epilogue ep (which
/// knows where C is). Split across OpenMP threads above parallel_gemm_flops: by panels of rows
/// when there are enough to share evenly, otherwise by columns.
template <class T>
void gemm_ep_ref(Index m, Index n, Index k, T alpha, const T* a, Index lda, Op op_a, const T* b, Index ldb, Op op_b,
                 bool beta_one, kern::EpilogueRef<T> ep) {
  if (m == 0 || n == 0) return;
  count_flops(2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k));
#if GANTK_HAS_OPENMP
  const double flops = 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  if (flops >= parallel_gemm_flops && omp_get_max_threads() > 1 && !omp_in_parallel()) {
    using Sh = kern::Shape<T>;
    const Index row_tiles = (m + Sh::MR - 1) / Sh::MR;
    const bool split_rows = m > Sh::small_m && row_tiles >= 2 * omp_get_max_threads() &&
                            (row_tiles % omp_get_max_threads() == 0 || row_tiles >= 8 * omp_get_max_threads());
#pragma omp parallel
    {
      const Index nt = omp_get_num_threads(), t = omp_get_thread_num();
      if (split_rows) {
        const Index lo = std::min(m, row_tiles * t / nt * Sh::MR), hi = std::min(m, row_tiles * (t + 1) / nt * Sh::MR);
        if (hi > lo) kern::gemm_part(m, lo, hi, 0, n, k, alpha, a, lda, op_a, b, ldb, op_b, beta_one, ep);
      } else {
        const Index col_tiles = (n + Sh::NR - 1) / Sh::NR;
        const Index lo = std::min(n, col_tiles * t / nt * Sh::NR), hi = std::min(n, col_tiles * (t + 1) / nt * Sh::NR);
        if (hi > lo) kern::gemm_part(m, 0, m, lo, hi, k, alpha, a, lda, op_a, b, ldb, op_b, beta_one, ep);
      }
    }
    return;
  }
#endif
  kern::gemm_part(m, 0, m, 0, n, k, alpha, a, lda, op_a, b, ldb, op_b, beta_one, ep);
}

/// gemm_ep with an epilogue object (cpu_epilogues.hpp); only this wrapper is compiled per epilogue.
template <class T, class Ep>
void gemm_ep(Index m, Index n, Index k, T alpha, const T* a, Index lda, Op op_a, const T* b, Index ldb, Op op_b,
             bool beta_one, const Ep& ep) {
  gemm_ep_ref<T>(m, n, k, alpha, a, lda, op_a, b, ldb, op_b, beta_one, kern::EpilogueRef<T>::of(ep));
}
#endif

/// C = α·op(A)·op(B) + β·C with β 0 or 1, all column-major.
template <class T>
void gemm(Index m, Index n, Index k, T alpha, const T* a, Index lda, Op op_a, const T* b, Index ldb, Op op_b,
          bool beta_one, T* c, Index ldc) {
#if GANTK_SIMD_BITS
  gemm_ep(m, n, k, alpha, a, lda, op_a, b, ldb, op_b, beta_one, kern::StoreC<T>{c, ldc});
#else
  if (!beta_one) Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>, 0, Eigen::OuterStride<>>(
                     c, m, n, Eigen::OuterStride<>(ldc)).setZero();
  gemm_eigen(m, n, k, alpha, a, lda, op_a, b, ldb, op_b, c, ldc);
#endif
}

}  // namespace detail
}  // namespace gantk
