// The opt-in flop counter (gantk/backend/flop_counter.hpp). Its own executable: GANTK_COUNT_FLOPS
// must be defined in every translation unit that includes gantk, which the unit tests do not.
#define GANTK_COUNT_FLOPS 1
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <gantk/gantk.hpp>

#include "../../benchmarks/flop_count.hpp"  // the analytic count of a plain step

using namespace gantk;

namespace {
template <class T>
std::uint64_t product_flops(Index m, Index n, Index k, Op op_a) {
  using B = CpuBackend<T>;
  typename B::Matrix a = B::Matrix::Ones(op_a == Op::N ? m : k, op_a == Op::N ? k : m), b = B::Matrix::Ones(k, n),
                     c(m, n);
  reset_flop_count();
  B::gemm(T(1), B::cview(a), op_a, B::cview(b), Op::N, T(0), B::view(c));
  CHECK(c(m - 1, n - 1) == T(k));
  return flop_count();
}

using RingArch = MLP<Latent<2>, Data<2>, Hidden<128, 128>>;

template <class Gan>
double step_flops(Index batch) {
  Gan gan{{.seed = 1}};
  const auto data = data::Ring{}.dataset();
  gan.train_step(data, batch);
  reset_flop_count();
  gan.train_step(data, batch);
  return static_cast<double>(flop_count());
}
}  // namespace

TEST_CASE("flop counter: a product counts 2·m·n·k, once, whatever the threads and the storage") {
  static_assert(counting_flops);
  CHECK(product_flops<float>(7, 5, 3, Op::N) == 2 * 7 * 5 * 3);
  CHECK(product_flops<float>(1, 256, 128, Op::T) == 2 * 256 * 128);       // degenerate m
  CHECK(product_flops<float>(256, 256, 256, Op::N) == 2 * 256 * 256 * 256);  // above the threads' threshold
  CHECK(product_flops<double>(40, 30, 20, Op::T) == 2 * 40 * 30 * 20);
  reset_flop_count();
  CHECK(flop_count() == 0);
}

TEST_CASE("flop counter: MinibatchDiscFeatures adds its pair kernels to its products") {
  using B = CpuBackend<float>;
  using L = MinibatchDiscFeaturesLayer<B, 4, 2, 3, init::XavierUniform>;  // 2 kernels of dimension 3
  const Index n = 5, pairs = n * (n - 1) / 2;
  B::Matrix p = B::Matrix::Random(L::param_count, 1), x = B::Matrix::Random(4, n), y(L::out_width, n);
  L::Cache c;
  c.resize(n);
  reset_flop_count();
  L{}.forward(p.data(), nullptr, B::cview(x), B::view(y), c, Pass{Mode::Train, nullptr});
  CHECK(flop_count() == 2 * 6 * 4 * n + pairs * (2 * 6 + 3 * 2));  // M = W x; |Δ| sums, exp, sums into o
}

TEST_CASE("flop counter: a plain ring step counts what benchmarks/flop_count.hpp derives from the layers") {
  using Gan = GAN<RingArch, NonSaturatingLoss>;
  CHECK(step_flops<Gan>(256) == 94'240'768.0);  // 2·G + 6·D forward + 2·D + G input gradients, by hand
  CHECK(step_flops<Gan>(256) == bench::step_flops<Gan>(256));
  using Pac = GAN<RingArch, NonSaturatingLoss, PacGAN<4>>;
  CHECK(step_flops<Pac>(256) == bench::step_flops<Pac>(256));
  // a penalty's second-order passes are products too, and counted
  CHECK(step_flops<GAN<RingArch, NonSaturatingLoss, GradientPenalty>>(256) > step_flops<Gan>(256));
}
