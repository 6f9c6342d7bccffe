// The backend's matrix product on the shapes of the benchmark workloads: gantk's kernel (the
// default with AVX2/AVX-512) against Eigen's GEBP driven the way the backend did before, one
// thread; gantk's kernel also on 2 threads (its OpenMP split, above detail::parallel_gemm_flops).
// Arguments: m, n, k, storage case (0: NN, 1: TN, 2: NT), threads.
#include <benchmark/benchmark.h>

#include <gantk/backend/cpu.hpp>
#include <gantk/foundation/rng.hpp>

#if GANTK_HAS_OPENMP
#include <omp.h>
#endif

namespace {

using gantk::Index;
using gantk::Op;
using Mat = Eigen::MatrixXf;

struct Problem {
  Index m, n, k;
  Op op_a, op_b;
  Mat a, b, c;
  explicit Problem(const benchmark::State& s)
      : m(s.range(0)), n(s.range(1)), k(s.range(2)), op_a(s.range(3) == 1 ? Op::T : Op::N),
        op_b(s.range(3) == 2 ? Op::T : Op::N) {
    a = op_a == Op::N ? Mat::Random(m, k) : Mat::Random(k, m);
    b = op_b == Op::N ? Mat::Random(k, n) : Mat::Random(n, k);
    c = Mat::Zero(m, n);
  }
  void counters(benchmark::State& s) const {
    s.counters["GFLOP/s"] = benchmark::Counter(2.0 * static_cast<double>(m * n * k) * static_cast<double>(s.iterations()) * 1e-9,
                                               benchmark::Counter::kIsRate);
  }
};

void gantk_kernel(benchmark::State& s) {
#if GANTK_HAS_OPENMP
  omp_set_num_threads(static_cast<int>(s.range(4)));
#endif
  Problem p(s);
  using B = gantk::CpuBackend<float>;
  for (auto _ : s) {
    B::gemm(1.f, B::cview(p.a), p.op_a, B::cview(p.b), p.op_b, 0.f, B::view(p.c));
    benchmark::ClobberMemory();
  }
  p.counters(s);
}

void eigen_gebp(benchmark::State& s) {
#if GANTK_HAS_OPENMP
  omp_set_num_threads(1);
#endif
  Problem p(s);
  for (auto _ : s) {
    p.c.setZero();
    gantk::detail::gemm_eigen(p.m, p.n, p.k, 1.f, p.a.data(), p.a.rows(), p.op_a, p.b.data(), p.b.rows(), p.op_b,
                              p.c.data(), p.m);
    benchmark::ClobberMemory();
  }
  p.counters(s);
}

void shapes(benchmark::internal::Benchmark* b, int threads) {
  for (int op = 0; op < 3; ++op) {
    b->Args({128, 256, 128, op, threads});  // ring: hidden layer, batch 256
    b->Args({400, 100, 400, op, threads});  // ring_pac G
    b->Args({200, 100, 200, op, threads});  // ring_pac D
  }
  b->Args({128, 256, 2, 0, threads});  // first layer forward
  b->Args({128, 2, 256, 2, threads});  // first layer dW
  b->Args({1, 256, 128, 0, threads});  // last layer forward
  b->Args({2, 256, 128, 0, threads});
  b->Args({1, 128, 256, 2, threads});  // last layer dW
  b->Args({128, 256, 1, 1, threads});  // last layer dx
  b->Args({2, 256, 128, 1, threads});  // first layer dx (TN, m = 2)
  b->Args({64, 128, 64, 0, threads});  // smaller products, to place the threading threshold
  b->Args({96, 128, 96, 0, threads});
  b->Args({128, 128, 128, 0, threads});
}
void one_thread(benchmark::internal::Benchmark* b) { shapes(b, 1); }
void two_threads(benchmark::internal::Benchmark* b) { shapes(b, 2); }

BENCHMARK(gantk_kernel)->Apply(one_thread)->Apply(two_threads)->UseRealTime();

BENCHMARK(eigen_gebp)->Apply(one_thread);

}  // namespace

BENCHMARK_MAIN();
