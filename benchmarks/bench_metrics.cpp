// Distance-based metrics at the scale: 10,000 × 10,000 samples of 64 features.
// The GFLOP/s counter counts the 2·m·n·d multiply-adds of the cross products xᵀy (what the GEMM
// does); every variant, the plain loop included, is scored against that same count.
//
//   cmake -S . -B build-bench -DGANTK_BUILD_BENCHMARKS=ON -DGANTK_BUILD_TESTS=OFF -DGANTK_BUILD_EXAMPLES=OFF
//   cmake --build build-bench --target bench_metrics && ./build-bench/benchmarks/bench_metrics
#include <benchmark/benchmark.h>

#include <gantk/data/dataset.hpp>
#include <gantk/metrics.hpp>

using namespace gantk;

namespace {

template <class T>
HostMatrix<T> gaussian(Index d, Index n, std::uint64_t seed) {
  HostMatrix<T> x(d, n);
  Rng rng(seed);
  rng.fill_normal(x.data(), x.size(), T(0), T(1));
  return x;
}

void count_flops(benchmark::State& state, double m, double n, double d, double passes = 1) {
  state.counters["GFLOP/s"] =
      benchmark::Counter(passes * 2.0 * m * n * d * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// All m × n squared distances, streamed block by block through GEMM; each row reduced to its minimum.
template <class T>
void BM_DistanceStream(benchmark::State& state) {
  const Index n = state.range(0), d = state.range(1);
  const auto x = gaussian<T>(d, n, 1), y = gaussian<T>(d, n, 2);
  Eigen::Matrix<T, Eigen::Dynamic, 1> nearest(n);
  for (auto _ : state) {
    metrics::detail::for_each_query_distances<T>(x, y, [&](Index i, const auto& d2) { nearest(i) = d2.minCoeff(); });
    benchmark::DoNotOptimize(nearest.data());
  }
  count_flops(state, n, n, d);
}
BENCHMARK_TEMPLATE(BM_DistanceStream, float)->Args({10000, 64})->Args({2000, 64})->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_DistanceStream, double)->Args({10000, 64})->UseRealTime()->Unit(benchmark::kMillisecond);

// The plain reference: ‖xᵢ − yⱼ‖² by a direct loop over features, parallel over rows.
template <class T>
void BM_DistanceLoop(benchmark::State& state) {
  const Index n = state.range(0), d = state.range(1);
  const auto x = gaussian<T>(d, n, 1), y = gaussian<T>(d, n, 2);
  Eigen::Matrix<T, Eigen::Dynamic, 1> nearest(n);
  for (auto _ : state) {
#pragma omp parallel for schedule(static)
    for (Index i = 0; i < n; ++i) {
      T best = std::numeric_limits<T>::infinity();
      for (Index j = 0; j < n; ++j) {
        T s = 0;
        for (Index k = 0; k < d; ++k) {
          const T diff = x(k, i) - y(k, j);
          s += diff * diff;
        }
        best = std::min(best, s);
      }
      nearest(i) = best;
    }
    benchmark::DoNotOptimize(nearest.data());
  }
  count_flops(state, n, n, d);
}
BENCHMARK_TEMPLATE(BM_DistanceLoop, float)->Args({2000, 64})->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_KnnRadii(benchmark::State& state) {
  const Index n = state.range(0);
  const auto x = gaussian<float>(64, n, 3);
  for (auto _ : state) benchmark::DoNotOptimize(metrics::knn_radii(x, 3));
  count_flops(state, n, n, 64);
}
BENCHMARK(BM_KnnRadii)->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);

// two k-NN radius passes and two membership passes
void BM_PrecisionRecall(benchmark::State& state) {
  const Index n = state.range(0);
  const auto real = gaussian<float>(64, n, 4), fake = gaussian<float>(64, n, 5);
  for (auto _ : state) benchmark::DoNotOptimize(metrics::precision_recall(real, fake));
  count_flops(state, n, n, 64, 4);
}
BENCHMARK(BM_PrecisionRecall)->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);

// one radius pass and one membership pass
void BM_DensityCoverage(benchmark::State& state) {
  const Index n = state.range(0);
  const auto real = gaussian<float>(64, n, 4), fake = gaussian<float>(64, n, 5);
  for (auto _ : state) benchmark::DoNotOptimize(metrics::density_coverage(real, fake));
  count_flops(state, n, n, 64, 2);
}
BENCHMARK(BM_DensityCoverage)->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);

// three kernel passes (x–x, y–y, x–y) plus the median heuristic on 1000 pooled samples
void BM_Mmd(benchmark::State& state) {
  const Index n = state.range(0);
  const auto x = gaussian<float>(64, n, 6), y = gaussian<float>(64, n, 7);
  for (auto _ : state) benchmark::DoNotOptimize(metrics::mmd(x, y));
  count_flops(state, n, n, 64, 3);
}
BENCHMARK(BM_Mmd)->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_EnergyDistance(benchmark::State& state) {
  const Index n = state.range(0);
  const auto x = gaussian<float>(64, n, 6), y = gaussian<float>(64, n, 7);
  for (auto _ : state) benchmark::DoNotOptimize(metrics::energy_distance(x, y));
  count_flops(state, n, n, 64, 3);
}
BENCHMARK(BM_EnergyDistance)->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_SlicedWasserstein(benchmark::State& state) {
  const Index n = state.range(0);
  const auto x = gaussian<float>(64, n, 6), y = gaussian<float>(64, n, 7);
  for (auto _ : state) benchmark::DoNotOptimize(metrics::sliced_wasserstein(x, y));
}
BENCHMARK(BM_SlicedWasserstein)->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_Ndb(benchmark::State& state) {
  const Index n = state.range(0);
  const auto real = gaussian<float>(64, n, 8), fake = gaussian<float>(64, n, 9);
  for (auto _ : state) benchmark::DoNotOptimize(metrics::ndb(real, fake, {.bins = 100}));
}
BENCHMARK(BM_Ndb)->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_FrechetDistance(benchmark::State& state) {
  const Index n = state.range(0);
  const auto x = gaussian<float>(64, n, 6), y = gaussian<float>(64, n, 7);
  for (auto _ : state) benchmark::DoNotOptimize(metrics::frechet_distance(x, y));
}
BENCHMARK(BM_FrechetDistance)->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);

// one monitor check on the ring: 512 fakes against the 512-sample reference
void BM_CollapseAssessment(benchmark::State& state) {
  const auto ring = data::Ring{}.dataset();
  Rng rng(10);
  const metrics::CollapseReference reference(ring.draw<float>(512, rng));
  const auto fake = ring.draw<float>(512, rng);
  for (auto _ : state) benchmark::DoNotOptimize(metrics::assess_collapse(reference, fake));
}
BENCHMARK(BM_CollapseAssessment)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
