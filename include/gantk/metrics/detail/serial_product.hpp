// Matrix products for the metrics' small side computations (covariances, projections), run on
// the calling thread with gantk's GEMM kernel.
//
// Why not Eigen's `a * b`: built with OpenMP, Eigen splits every product across threads by its own
// rule, and on a busy machine its spinning team is slow — a 64 × 10,000 covariance took 690 ms
// that way under a load of 4 on 2 cores, and 11 ms on one thread.
#pragma once

#include <Eigen/Core>

#include <gantk/backend/cpu_gemm.hpp>
#include <gantk/metrics/detail/samples.hpp>

namespace gantk::metrics::detail {

/// op(a) · op(b) with op = N (as is) or T (transposed), on the calling thread.
template <class T>
Matrix<T> serial_product(const Matrix<T>& a, Op op_a, const Matrix<T>& b, Op op_b) {
  const Index m = op_a == Op::N ? a.rows() : a.cols(), k = op_a == Op::N ? a.cols() : a.rows();
  const Index n = op_b == Op::N ? b.cols() : b.rows();
  Matrix<T> c = Matrix<T>::Zero(m, n);
  gantk::detail::gemm_serial<T>(m, n, k, T(1), a.data(), a.rows(), op_a, b.data(), b.rows(), op_b, c.data(), m);
  return c;
}

}  // namespace gantk::metrics::detail
