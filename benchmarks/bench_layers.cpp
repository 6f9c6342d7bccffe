// Forward and backward of each layer at the sizes of the benchmark workloads, each beside a plain
// reference loop doing the same arithmetic (so the speedup of the backend is visible), one thread.
//
//   ./build/benchmarks/bench_layers --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Names: <layer>_<pass>/<impl>/<in>x<out>/batch; impl is gantk or reference. Dense+ReLU is the
// pair Network fuses (one pass instead of two).
#include <benchmark/benchmark.h>

#include <string>

#include <gantk/layers/activations.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/nn/sequential.hpp>

#if GANTK_HAS_OPENMP
#include <omp.h>
#endif

namespace {

using namespace gantk;
using B = CpuBackend<float>;
using Mat = B::Matrix;

// ---- plain reference loops (column-major, the inner loop over contiguous rows) ----
namespace ref {
void dense_forward(const float* w, const float* b, const Mat& x, Mat& y) {
  const Index out = y.rows(), in = x.rows();
  for (Index j = 0; j < x.cols(); ++j) {
    for (Index i = 0; i < out; ++i) y(i, j) = b[i];
    for (Index k = 0; k < in; ++k)
      for (Index i = 0; i < out; ++i) y(i, j) += w[i + k * out] * x(k, j);
  }
}
void dense_backward(const float* w, const Mat& x, const Mat& dy, Mat& dx, float* dw, float* db) {
  const Index out = dy.rows(), in = x.rows();
  for (Index j = 0; j < x.cols(); ++j)
    for (Index k = 0; k < in; ++k)
      for (Index i = 0; i < out; ++i) dw[i + k * out] += dy(i, j) * x(k, j);
  for (Index j = 0; j < x.cols(); ++j)
    for (Index i = 0; i < out; ++i) db[i] += dy(i, j);
  for (Index j = 0; j < x.cols(); ++j)
    for (Index k = 0; k < in; ++k) {
      float s = 0;
      for (Index i = 0; i < out; ++i) s += w[i + k * out] * dy(i, j);
      dx(k, j) = s;
    }
}
void relu_forward(const Mat& x, Mat& y) {
  for (Index i = 0; i < x.size(); ++i) y.data()[i] = x.data()[i] > 0 ? x.data()[i] : 0;
}
void relu_backward(const Mat& x, const Mat& dy, Mat& dx) {
  for (Index i = 0; i < x.size(); ++i) dx.data()[i] = x.data()[i] > 0 ? dy.data()[i] : 0;
}
}  // namespace ref

Mat random(Index r, Index c, std::uint64_t seed) {
  Mat m(r, c);
  Rng(seed).fill_normal(m.data(), m.size(), 0.f, 1.f);
  return m;
}

void one_thread() {
#if GANTK_HAS_OPENMP
  omp_set_num_threads(1);
#endif
}

void flops(benchmark::State& s, double per_iteration) {
  s.counters["GFLOP/s"] =
      benchmark::Counter(per_iteration * 1e-9 * static_cast<double>(s.iterations()), benchmark::Counter::kIsRate);
}

// ---- Dense ----
template <int In, int Out>
void dense_forward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  using L = DenseLayer<B, In, Out, init::XavierUniform>;
  L layer;
  Mat p = random(L::param_count, 1, 1), x = random(In, n, 2), y(Out, n);
  NoCache c;
  for (auto _ : s) {
    if (reference) ref::dense_forward(p.data(), p.data() + L::weight_count, x, y);
    else layer.forward(p.data(), nullptr, B::cview(x), B::view(y), c, Pass{});
    benchmark::DoNotOptimize(y.data());
  }
  flops(s, 2.0 * In * Out * static_cast<double>(n));
}

template <int In, int Out>
void dense_backward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  using L = DenseLayer<B, In, Out, init::XavierUniform>;
  L layer;
  Mat p = random(L::param_count, 1, 1), x = random(In, n, 2), dy = random(Out, n, 3), dx(In, n);
  Mat dp = Mat::Zero(L::param_count, 1);
  NoCache c;
  for (auto _ : s) {
    if (reference) ref::dense_backward(p.data(), x, dy, dx, dp.data(), dp.data() + L::weight_count);
    else layer.backward(p.data(), B::cview(x), B::cview(x), B::cview(dy), B::view(dx), dp.data(), c);
    benchmark::DoNotOptimize(dx.data());
    benchmark::DoNotOptimize(dp.data());
  }
  flops(s, 4.0 * In * Out * static_cast<double>(n));  // dW and dx
}

// ---- ReLU ----
template <int Width>
void relu_forward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  ElementwiseLayer<B, Width, fn::Relu> layer;
  Mat x = random(Width, n, 2), y(Width, n);
  NoCache c;
  for (auto _ : s) {
    if (reference) ref::relu_forward(x, y);
    else layer.forward(nullptr, nullptr, B::cview(x), B::view(y), c, Pass{});
    benchmark::DoNotOptimize(y.data());
  }
  s.SetBytesProcessed(static_cast<std::int64_t>(s.iterations()) * Width * n * 8);
}

template <int Width>
void relu_backward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  ElementwiseLayer<B, Width, fn::Relu> layer;
  Mat x = random(Width, n, 2), y = x.cwiseMax(0.f), dy = random(Width, n, 3), dx(Width, n);
  NoCache c;
  for (auto _ : s) {
    if (reference) ref::relu_backward(x, dy, dx);
    else layer.backward(nullptr, B::cview(x), B::cview(y), B::cview(dy), B::view(dx), nullptr, c);
    benchmark::DoNotOptimize(dx.data());
  }
  s.SetBytesProcessed(static_cast<std::int64_t>(s.iterations()) * Width * n * 12);
}

// ---- Dense followed by ReLU, as Network runs it (fused) ----
template <int In, int Out>
void dense_relu_forward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  using Net = typename Sequential<Dense<Out>, ReLU>::template bind<B, In>;
  Net net;
  Mat p = random(Net::param_count, 1, 1), x = random(In, n, 2), pre(Out, n), y(Out, n);
  typename Net::Tape tape;
  tape.resize(n);
  for (auto _ : s) {
    if (reference) {
      ref::dense_forward(p.data(), p.data() + In * Out, x, pre);
      ref::relu_forward(pre, y);
    } else {
      net.forward(p.data(), nullptr, B::cview(x), tape, Pass{});
    }
    benchmark::ClobberMemory();
  }
  flops(s, 2.0 * In * Out * static_cast<double>(n));
}

/// Backward of Dense<Out> → ReLU → Dense<Out>: the second Dense's input gradient and the ReLU's
/// derivative are one fused pass in Network.
template <int In, int Out>
void dense_relu_dense_backward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  using Net = typename Sequential<Dense<Out>, ReLU, Dense<Out>>::template bind<B, In>;
  Net net;
  Mat p = random(Net::param_count, 1, 1), x = random(In, n, 2), dy = random(Out, n, 3);
  Mat dp = Mat::Zero(Net::param_count, 1), dx(In, n);
  typename Net::Tape tape;
  net.forward(p.data(), nullptr, B::cview(x), tape, Pass{});
  Mat g1(Out, n), g0(Out, n);
  const float* p2 = p.data() + Net::param_offsets[2];
  for (auto _ : s) {
    if (reference) {
      ref::dense_backward(p2, tape.out[1], dy, g1, dp.data() + Net::param_offsets[2], dp.data() + Net::param_offsets[2] + Out * Out);
      ref::relu_backward(tape.out[0], g1, g0);
      ref::dense_backward(p.data(), x, g0, dx, dp.data(), dp.data() + In * Out);
    } else {
      net.backward(p.data(), tape, B::cview(dy), dp.data(), B::view(dx));
    }
    benchmark::ClobberMemory();
  }
  flops(s, 4.0 * Out * Out * static_cast<double>(n) + 4.0 * In * Out * static_cast<double>(n));
}

// ring: batch 256 — widths 2 → 128 → 128 → 1 (D) / 2 (G)
void ring_batch(benchmark::internal::Benchmark* b) { b->ArgName("batch")->Arg(256); }
// ring_pac: batch 100 — G 400 wide, D 200 wide
void pac_batch(benchmark::internal::Benchmark* b) { b->ArgName("batch")->Arg(100); }

/// Registers fn twice, as name/gantk and name/reference.
template <void (*F)(benchmark::State&, bool)>
int register_pair(const std::string& name, void (*batches)(benchmark::internal::Benchmark*)) {
  for (const bool reference : {false, true})
    benchmark::RegisterBenchmark((name + (reference ? "/reference" : "/gantk")).c_str(),
                                 [reference](benchmark::State& s) { F(s, reference); })
        ->Unit(benchmark::kMicrosecond)
        ->Apply(batches);
  return 0;
}
#define GANTK_LAYER_AT(fn, label, batches, ...) \
  const int fn##_##label##_bench = register_pair<&fn<__VA_ARGS__>>(#fn "/" #label, batches)

GANTK_LAYER_AT(dense_forward, 2x128, ring_batch, 2, 128);
GANTK_LAYER_AT(dense_forward, 128x128, ring_batch, 128, 128);
GANTK_LAYER_AT(dense_forward, 128x1, ring_batch, 128, 1);
GANTK_LAYER_AT(dense_forward, 128x2, ring_batch, 128, 2);
GANTK_LAYER_AT(dense_forward, 400x400, pac_batch, 400, 400);
GANTK_LAYER_AT(dense_forward, 200x200, pac_batch, 200, 200);

GANTK_LAYER_AT(dense_backward, 2x128, ring_batch, 2, 128);
GANTK_LAYER_AT(dense_backward, 128x128, ring_batch, 128, 128);
GANTK_LAYER_AT(dense_backward, 128x1, ring_batch, 128, 1);
GANTK_LAYER_AT(dense_backward, 400x400, pac_batch, 400, 400);
GANTK_LAYER_AT(dense_backward, 200x200, pac_batch, 200, 200);

GANTK_LAYER_AT(relu_forward, 128, ring_batch, 128);
GANTK_LAYER_AT(relu_forward, 400, pac_batch, 400);
GANTK_LAYER_AT(relu_backward, 128, ring_batch, 128);
GANTK_LAYER_AT(relu_backward, 400, pac_batch, 400);

GANTK_LAYER_AT(dense_relu_forward, 128x128, ring_batch, 128, 128);
GANTK_LAYER_AT(dense_relu_forward, 400x400, pac_batch, 400, 400);
GANTK_LAYER_AT(dense_relu_dense_backward, 128x128x128, ring_batch, 128, 128);
GANTK_LAYER_AT(dense_relu_dense_backward, 400x400x400, pac_batch, 400, 400);

}  // namespace

BENCHMARK_MAIN();
