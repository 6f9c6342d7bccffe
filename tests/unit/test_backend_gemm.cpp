// The backend's matrix product against Eigen's, over the shapes GAN layers produce: every
// storage order, β 0 and 1, α ≠ 1, widths around the kernel's tile sizes and the degenerate ones
// (1 or 2 rows, k = 1, 2), k beyond one cache block.
#include <doctest/doctest.h>

#include <gantk/backend/cpu.hpp>
#include <gantk/foundation/rng.hpp>

namespace {

template <class T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

template <class T>
Mat<T> random(gantk::Index r, gantk::Index c, gantk::Rng& rng) {
  Mat<T> m(r, c);
  rng.fill_normal(m.data(), m.size(), T(0), T(1));
  return m;
}

template <class T>
void check_gemm(gantk::Index m, gantk::Index n, gantk::Index k, gantk::Op op_a, gantk::Op op_b, T alpha, T beta,
                gantk::Rng& rng) {
  using B = gantk::CpuBackend<T>;
  const Mat<T> a = op_a == gantk::Op::N ? random<T>(m, k, rng) : random<T>(k, m, rng);
  const Mat<T> b = op_b == gantk::Op::N ? random<T>(k, n, rng) : random<T>(n, k, rng);
  Mat<T> c = random<T>(m, n, rng);
  Mat<T> want = beta * c;
  const Mat<T> oa = op_a == gantk::Op::N ? a : Mat<T>(a.transpose());
  const Mat<T> ob = op_b == gantk::Op::N ? b : Mat<T>(b.transpose());
  want.noalias() += alpha * oa * ob;
  B::gemm(alpha, B::cview(a), op_a, B::cview(b), op_b, beta, B::view(c));
  const double tol = (sizeof(T) == 4 ? 1e-5 : 1e-12) * std::sqrt(static_cast<double>(k) + 1);
  const double err = static_cast<double>((c - want).cwiseAbs().maxCoeff());
  const double scale = std::max(1.0, static_cast<double>(want.cwiseAbs().maxCoeff()));
  INFO("m=" << m << " n=" << n << " k=" << k << " op_a=" << int(op_a) << " op_b=" << int(op_b) << " beta=" << beta);
  CHECK(err <= tol * scale);
}

template <class T>
void check_shapes() {
  gantk::Rng rng(7);
  const gantk::Index ms[] = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 128, 200};
  const gantk::Index ns[] = {1, 2, 5, 6, 7, 13, 25, 100};
  const gantk::Index ks[] = {1, 2, 3, 9, 128, 400, 800};
  for (auto op_a : {gantk::Op::N, gantk::Op::T})
    for (auto op_b : {gantk::Op::N, gantk::Op::T})
      for (auto m : ms)
        for (auto n : ns)
          for (auto k : ks) {
            if (m * n * k > 300000) continue;
            check_gemm<T>(m, n, k, op_a, op_b, T(1), T(0), rng);
            if ((m + n + k) % 3 == 0) check_gemm<T>(m, n, k, op_a, op_b, T(-0.5), T(1), rng);
          }
  // shapes of the benchmark workloads, including a second thread's split when OpenMP is on
  check_gemm<T>(128, 256, 128, gantk::Op::N, gantk::Op::N, T(1), T(0), rng);
  check_gemm<T>(128, 256, 128, gantk::Op::T, gantk::Op::N, T(1), T(0), rng);
  check_gemm<T>(128, 128, 256, gantk::Op::N, gantk::Op::T, T(1), T(1), rng);
  check_gemm<T>(400, 100, 400, gantk::Op::N, gantk::Op::N, T(1), T(0), rng);
  check_gemm<T>(200, 200, 100, gantk::Op::N, gantk::Op::T, T(1), T(1), rng);
  check_gemm<T>(1, 256, 128, gantk::Op::N, gantk::Op::N, T(1), T(0), rng);
  check_gemm<T>(2, 128, 256, gantk::Op::N, gantk::Op::T, T(1), T(1), rng);
}

}  // namespace

TEST_CASE("backend gemm matches Eigen (float)") { check_shapes<float>(); }
TEST_CASE("backend gemm matches Eigen (double)") { check_shapes<double>(); }
