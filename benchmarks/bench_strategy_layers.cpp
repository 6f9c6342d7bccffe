// Forward and backward of the layers the strategies insert (Dropout, SpectralDense,
// MinibatchDiscFeatures, MinibatchStdDevFeature), each beside a plain reference loop doing the
// same arithmetic, at the discriminator widths of `ring` (128, batch 256) and `ring_pac` (200,
// batch 100), one thread. bench_layers.cpp does the same for Dense and ReLU.
//
//   ./build/benchmarks/bench_strategy_layers --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// Names: <layer>_<pass>/<impl>/<width>/batch:<n>; impl is gantk or reference. GFLOP/s counts
// 2 per multiply-add of a product and 1 per other add, multiply or exp (as gantk's flop
// counter does); the elementwise layers count their multiplies and adds per element.
#include <benchmark/benchmark.h>

#include "bench_util.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <gantk/layers/dropout.hpp>
#include <gantk/layers/minibatch_disc_features.hpp>
#include <gantk/layers/minibatch_stddev_feature.hpp>
#include <gantk/layers/spectral_dense.hpp>

namespace {

using namespace gantk;
using B = CpuBackend<float>;
using Mat = B::Matrix;
constexpr int kernels = 16, kernel_dim = 4;  // MinibatchDisc's defaults

// ---- plain reference loops (column-major) ----
namespace ref {
// y = W x (W out × in, column-major)
void product(const float* w, const Mat& x, Index out, Mat& y) {
  for (Index j = 0; j < x.cols(); ++j) {
    for (Index i = 0; i < out; ++i) y(i, j) = 0;
    for (Index k = 0; k < x.rows(); ++k)
      for (Index i = 0; i < out; ++i) y(i, j) += w[i + k * out] * x(k, j);
  }
}
// dW += s·dy xᵀ, dx = s·Wᵀ dy
void product_backward(const float* w, const Mat& x, const Mat& dy, float s, float* dw, Mat& dx) {
  const Index out = dy.rows(), in = x.rows();
  for (Index j = 0; j < x.cols(); ++j)
    for (Index k = 0; k < in; ++k)
      for (Index i = 0; i < out; ++i) dw[i + k * out] += s * dy(i, j) * x(k, j);
  for (Index j = 0; j < x.cols(); ++j)
    for (Index k = 0; k < in; ++k) {
      float t = 0;
      for (Index i = 0; i < out; ++i) t += w[i + k * out] * dy(i, j);
      dx(k, j) = s * t;
    }
}

void dropout_forward(Rng& rng, float rate, const Mat& x, Mat& mask, Mat& y) {
  for (Index i = 0; i < x.size(); ++i) {
    mask.data()[i] = rng.uniform<float>() >= rate ? 1 / (1 - rate) : 0.f;
    y.data()[i] = mask.data()[i] * x.data()[i];
  }
}
void dropout_backward(const Mat& mask, const Mat& dy, Mat& dx) {
  for (Index i = 0; i < dy.size(); ++i) dx.data()[i] = mask.data()[i] * dy.data()[i];
}

// power iteration on (u, v), σ = uᵀWv, y = W x / σ + b; z = W x kept for the backward pass
float spectral_forward(const float* w, const float* b, std::vector<float>& u, std::vector<float>& v, const Mat& x,
                       Mat& z, Mat& y) {
  const Index out = y.rows(), in = x.rows();
  const auto normalize = [](std::vector<float>& a) {
    float s = 0;
    for (float e : a) s += e * e;
    for (float& e : a) e /= std::sqrt(s) + 1e-12f;
  };
  for (Index k = 0; k < in; ++k) {
    v[k] = 0;
    for (Index i = 0; i < out; ++i) v[k] += w[i + k * out] * u[i];
  }
  normalize(v);
  for (Index i = 0; i < out; ++i) u[i] = 0;
  for (Index k = 0; k < in; ++k)
    for (Index i = 0; i < out; ++i) u[i] += w[i + k * out] * v[k];
  normalize(u);
  float sigma = 0;
  for (Index k = 0; k < in; ++k)
    for (Index i = 0; i < out; ++i) sigma += u[i] * w[i + k * out] * v[k];
  product(w, x, out, z);
  for (Index j = 0; j < x.cols(); ++j)
    for (Index i = 0; i < out; ++i) y(i, j) = z(i, j) / sigma + b[i];
  return sigma;
}
// dW += dy xᵀ/σ − (⟨dy, z⟩/σ²) u vᵀ, db += Σ dy, dx = Wᵀ dy / σ
void spectral_backward(const float* w, float sigma, const std::vector<float>& u, const std::vector<float>& v,
                       const Mat& x, const Mat& z, const Mat& dy, float* dw, float* db, Mat& dx) {
  const Index out = dy.rows(), in = x.rows();
  product_backward(w, x, dy, 1 / sigma, dw, dx);
  float dot = 0;
  for (Index i = 0; i < dy.size(); ++i) dot += dy.data()[i] * z.data()[i];
  const float k = -dot / (sigma * sigma);
  for (Index c = 0; c < in; ++c)
    for (Index i = 0; i < out; ++i) dw[i + c * out] += k * u[i] * v[c];
  for (Index j = 0; j < dy.cols(); ++j)
    for (Index i = 0; i < out; ++i) db[i] += dy(i, j);
}

// M = W x; c_b(i, j) = exp(−Σ_k |M(bC+k, i) − M(bC+k, j)|); y = [x; Σ_{j≠i} c_b(i, j) + bias_b]
void mbd_forward(const float* w, const float* bias, const Mat& x, Mat& m, std::vector<float>& c, Mat& y) {
  const Index n = x.cols(), in = x.rows();
  product(w, x, kernels * kernel_dim, m);
  for (Index j = 0; j < n; ++j) {
    for (Index i = 0; i < in; ++i) y(i, j) = x(i, j);
    for (int b = 0; b < kernels; ++b) y(in + b, j) = bias[b];
  }
  Index pair = 0;
  for (Index i = 0; i < n; ++i)
    for (Index j = i + 1; j < n; ++j, ++pair)
      for (int b = 0; b < kernels; ++b) {
        float d = 0;
        for (int k = b * kernel_dim; k < (b + 1) * kernel_dim; ++k) d += std::abs(m(k, i) - m(k, j));
        const float e = std::exp(-d);
        c[static_cast<std::size_t>(pair * kernels + b)] = e;
        y(in + b, i) += e;
        y(in + b, j) += e;
      }
}
// M̄(i) −= (ō_b(i) + ō_b(j)) c σ, M̄(j) += the same; W̄ += M̄ xᵀ; x̄ = Wᵀ M̄ + ȳ_x
void mbd_backward(const float* w, const Mat& x, const Mat& m, const std::vector<float>& c, const Mat& dy, Mat& mbar,
                  float* dw, Mat& dx) {
  const Index n = x.cols(), in = x.rows();
  mbar.setZero();
  Index pair = 0;
  for (Index i = 0; i < n; ++i)
    for (Index j = i + 1; j < n; ++j, ++pair)
      for (int b = 0; b < kernels; ++b) {
        const float a = (dy(in + b, i) + dy(in + b, j)) * c[static_cast<std::size_t>(pair * kernels + b)];
        for (int k = b * kernel_dim; k < (b + 1) * kernel_dim; ++k) {
          const float diff = m(k, i) - m(k, j);
          const float g = a * static_cast<float>((diff > 0) - (diff < 0));
          mbar(k, i) -= g;
          mbar(k, j) += g;
        }
      }
  product_backward(w, x, mbar, 1.f, dw, dx);
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < in; ++i) dx(i, j) += dy(i, j);
}

// y = [x; s], s = mean over features of the batch standard deviation; xc and 1/sd kept
void stddev_forward(const Mat& x, Mat& xc, std::vector<float>& inv_sd, Mat& y) {
  const Index n = x.cols(), in = x.rows();
  float s = 0;
  for (Index f = 0; f < in; ++f) {
    float mean = 0, var = 0;
    for (Index j = 0; j < n; ++j) mean += x(f, j);
    mean /= static_cast<float>(n);
    for (Index j = 0; j < n; ++j) {
      xc(f, j) = x(f, j) - mean;
      var += xc(f, j) * xc(f, j);
    }
    const float sd = std::sqrt(var / static_cast<float>(n) + 1e-8f);
    inv_sd[static_cast<std::size_t>(f)] = 1 / sd;
    s += sd;
  }
  for (Index j = 0; j < n; ++j) {
    for (Index f = 0; f < in; ++f) y(f, j) = x(f, j);
    y(in, j) = s / static_cast<float>(in);
  }
}
void stddev_backward(const Mat& xc, const std::vector<float>& inv_sd, const Mat& dy, Mat& dx) {
  const Index n = dx.cols(), in = dx.rows();
  float sbar = 0;
  for (Index j = 0; j < n; ++j) sbar += dy(in, j);
  const float k = sbar / static_cast<float>(in * n);
  for (Index j = 0; j < n; ++j)
    for (Index f = 0; f < in; ++f) dx(f, j) = dy(f, j) + k * xc(f, j) * inv_sd[static_cast<std::size_t>(f)];
}
}  // namespace ref

using bench::flops;
using bench::one_thread;
using bench::random;

const Pass train{Mode::Train, nullptr};

// ---- Dropout(0.5) ----
template <int W>
void dropout_forward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  DropoutLayer<B, W, 0.5> layer;
  typename DropoutLayer<B, W, 0.5>::Cache c;
  c.resize(n);
  Mat x = random(W, n, 2), y(W, n), mask(W, n);
  Rng rng(7);
  const Pass pass{Mode::Train, &rng};
  for (auto _ : s) {
    if (reference) ref::dropout_forward(rng, 0.5f, x, mask, y);
    else layer.forward(nullptr, nullptr, B::cview(x), B::view(y), c, pass);
    benchmark::DoNotOptimize(y.data());
  }
  flops(s, 1.0 * W * static_cast<double>(n));  // the scaling multiply
}

template <int W>
void dropout_backward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  DropoutLayer<B, W, 0.5> layer;
  typename DropoutLayer<B, W, 0.5>::Cache c;
  c.resize(n);
  Mat x = random(W, n, 2), y(W, n), mask(W, n), dy = random(W, n, 3), dx(W, n);
  Rng rng(7);
  layer.forward(nullptr, nullptr, B::cview(x), B::view(y), c, Pass{Mode::Train, &rng});
  mask = c.mask;
  for (auto _ : s) {
    if (reference) ref::dropout_backward(mask, dy, dx);
    else layer.backward(nullptr, B::cview(x), B::cview(y), B::cview(dy), B::view(dx), nullptr, c);
    benchmark::DoNotOptimize(dx.data());
  }
  flops(s, 1.0 * W * static_cast<double>(n));
}

// ---- SpectralDense (W × W), power iteration each forward pass ----
template <int W>
struct Spectral {
  using L = SpectralDenseLayer<B, W, W, init::XavierUniform, PowerIteration::EachTrainForward>;
  L layer;
  typename L::Cache c;
  Mat p = random(L::param_count, 1, 1), state = Mat(L::state_count, 1), dp = Mat::Zero(L::param_count, 1);
  std::vector<float> u = std::vector<float>(W), v = std::vector<float>(W);
  explicit Spectral(Index n) {
    c.resize(n);
    Rng rng(5);
    layer.init(p.data(), state.data(), rng);
    u.assign(state.data(), state.data() + W);
  }
};

template <int W>
void spectral_dense_forward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  Spectral<W> sp(n);
  Mat x = random(W, n, 2), y(W, n), z(W, n);
  const float* bias = sp.p.data() + Index(W) * W;
  for (auto _ : s) {
    if (reference) ref::spectral_forward(sp.p.data(), bias, sp.u, sp.v, x, z, y);
    else sp.layer.forward(sp.p.data(), sp.state.data(), B::cview(x), B::view(y), sp.c, train);
    benchmark::DoNotOptimize(y.data());
  }
  flops(s, 2.0 * W * W * static_cast<double>(n) + 6.0 * W * W);  // W x; power iteration and σ
}

template <int W>
void spectral_dense_backward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  Spectral<W> sp(n);
  Mat x = random(W, n, 2), y(W, n), z(W, n), dy = random(W, n, 3), dx(W, n);
  float* dw = sp.dp.data();
  const float sigma = ref::spectral_forward(sp.p.data(), sp.p.data() + Index(W) * W, sp.u, sp.v, x, z, y);
  sp.layer.forward(sp.p.data(), sp.state.data(), B::cview(x), B::view(y), sp.c, train);
  for (auto _ : s) {
    if (reference) ref::spectral_backward(sp.p.data(), sigma, sp.u, sp.v, x, z, dy, dw, dw + Index(W) * W, dx);
    else sp.layer.backward(sp.p.data(), B::cview(x), B::cview(y), B::cview(dy), B::view(dx), dw, sp.c);
    benchmark::DoNotOptimize(dx.data());
    benchmark::DoNotOptimize(dw);
  }
  flops(s, 4.0 * W * W * static_cast<double>(n) + 2.0 * W * static_cast<double>(n) + 2.0 * W * W);  // dW, dx; ⟨ȳ, z⟩; u vᵀ
}

// ---- MinibatchDiscFeatures<16, 4> on a W-wide input ----
template <int W>
struct Mbd {
  using L = MinibatchDiscFeaturesLayer<B, W, kernels, kernel_dim, init::Normal<1, 20>>;
  static constexpr int rows = kernels * kernel_dim;
  L layer;
  typename L::Cache c;
  Mat p, dp = Mat::Zero(L::param_count, 1), m, mbar;
  std::vector<float> pairs;
  explicit Mbd(Index n) : m(rows, n), mbar(rows, n), pairs(static_cast<std::size_t>(n * (n - 1) / 2 * kernels)) {
    c.resize(n);
    p = random(L::param_count, 1, 1) * 0.05f;
  }
  static double pair_count(Index n) { return static_cast<double>(n) * static_cast<double>(n - 1) / 2; }
};

template <int W>
void minibatch_disc_forward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  Mbd<W> mb(n);
  Mat x = random(W, n, 2), y(W + kernels, n);
  const float* bias = mb.p.data() + Index(Mbd<W>::rows) * W;
  for (auto _ : s) {
    if (reference) ref::mbd_forward(mb.p.data(), bias, x, mb.m, mb.pairs, y);
    else mb.layer.forward(mb.p.data(), nullptr, B::cview(x), B::view(y), mb.c, train);
    benchmark::DoNotOptimize(y.data());
  }
  flops(s, 2.0 * Mbd<W>::rows * W * static_cast<double>(n) +
               Mbd<W>::pair_count(n) * (2.0 * Mbd<W>::rows + 3.0 * kernels));
}

template <int W>
void minibatch_disc_backward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  Mbd<W> mb(n);
  Mat x = random(W, n, 2), y(W + kernels, n), dy = random(W + kernels, n, 3), dx(W, n);
  const float* bias = mb.p.data() + Index(Mbd<W>::rows) * W;
  ref::mbd_forward(mb.p.data(), bias, x, mb.m, mb.pairs, y);
  mb.layer.forward(mb.p.data(), nullptr, B::cview(x), B::view(y), mb.c, train);
  for (auto _ : s) {
    if (reference) ref::mbd_backward(mb.p.data(), x, mb.m, mb.pairs, dy, mb.mbar, mb.dp.data(), dx);
    else mb.layer.backward(mb.p.data(), B::cview(x), B::cview(y), B::cview(dy), B::view(dx), mb.dp.data(), mb.c);
    benchmark::DoNotOptimize(dx.data());
  }
  flops(s, 4.0 * Mbd<W>::rows * W * static_cast<double>(n) +
               Mbd<W>::pair_count(n) * (2.0 * kernels + 4.0 * Mbd<W>::rows));
}

// ---- MinibatchStdDevFeature on a W-wide input ----
template <int W>
void minibatch_stddev_forward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  MinibatchStdDevLayer<B, W> layer;
  typename MinibatchStdDevLayer<B, W>::Cache c;
  c.resize(n);
  Mat x = random(W, n, 2), y(W + 1, n), xc(W, n);
  std::vector<float> inv(W);
  for (auto _ : s) {
    if (reference) ref::stddev_forward(x, xc, inv, y);
    else layer.forward(nullptr, nullptr, B::cview(x), B::view(y), c, train);
    benchmark::DoNotOptimize(y.data());
  }
  flops(s, 4.0 * W * static_cast<double>(n));  // mean, centre, square and sum
}

template <int W>
void minibatch_stddev_backward(benchmark::State& s, bool reference) {
  one_thread();
  const Index n = s.range(0);
  MinibatchStdDevLayer<B, W> layer;
  typename MinibatchStdDevLayer<B, W>::Cache c;
  c.resize(n);
  Mat x = random(W, n, 2), y(W + 1, n), xc(W, n), dy = random(W + 1, n, 3), dx(W, n);
  std::vector<float> inv(W);
  ref::stddev_forward(x, xc, inv, y);
  layer.forward(nullptr, nullptr, B::cview(x), B::view(y), c, train);
  for (auto _ : s) {
    if (reference) ref::stddev_backward(xc, inv, dy, dx);
    else layer.backward(nullptr, B::cview(x), B::cview(y), B::cview(dy), B::view(dx), nullptr, c);
    benchmark::DoNotOptimize(dx.data());
  }
  flops(s, 3.0 * W * static_cast<double>(n));  // k·xc·(1/sd) + ȳ
}

/// Registers fn<W> twice, as name/gantk/W and name/reference/W, at the given batch.
template <void (*F)(benchmark::State&, bool)>
int register_pair(const std::string& name, int width, Index batch) {
  for (const bool reference : {false, true})
    benchmark::RegisterBenchmark((name + (reference ? "/reference/" : "/gantk/") + std::to_string(width)).c_str(),
                                 [reference](benchmark::State& s) { F(s, reference); })
        ->Unit(benchmark::kMicrosecond)
        ->ArgName("batch")
        ->Arg(batch);
  return 0;
}
// each layer at ring's D width (128, batch 256) and ring_pac's (200, batch 100)
#define GANTK_STRATEGY_LAYER(fn)                                           \
  const int fn##_ring_bench = register_pair<&fn<128>>(#fn, 128, 256);      \
  const int fn##_ring_pac_bench = register_pair<&fn<200>>(#fn, 200, 100)

GANTK_STRATEGY_LAYER(dropout_forward);
GANTK_STRATEGY_LAYER(dropout_backward);
GANTK_STRATEGY_LAYER(spectral_dense_forward);
GANTK_STRATEGY_LAYER(spectral_dense_backward);
GANTK_STRATEGY_LAYER(minibatch_disc_forward);
GANTK_STRATEGY_LAYER(minibatch_disc_backward);
GANTK_STRATEGY_LAYER(minibatch_stddev_forward);
GANTK_STRATEGY_LAYER(minibatch_stddev_backward);

}  // namespace

BENCHMARK_MAIN();
