// Initializers' statistics and the networks MLP<...> builds.
#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>

#include <gantk/arch/mlp.hpp>
#include <gantk/layers/batch_norm.hpp>

using namespace gantk;

namespace {
template <class Init>
std::pair<double, double> moments(Index fan_in, Index fan_out) {
  const Index n = 200000;
  std::vector<double> w(static_cast<std::size_t>(n));
  Rng rng(17);
  Init::fill(w.data(), n, fan_in, fan_out, rng);
  double s = 0, ss = 0;
  for (double v : w) s += v, ss += v * v;
  return {s / n, ss / n - (s / n) * (s / n)};
}
}  // namespace

TEST_CASE("initializers have the variances their papers give") {
  const auto check = [](auto init, Index fan_in, Index fan_out, double variance) {
    const auto [mean, var] = moments<decltype(init)>(fan_in, fan_out);
    CHECK(mean == doctest::Approx(0.0).epsilon(0.01 * std::sqrt(variance)));
    CHECK(var == doctest::Approx(variance).epsilon(0.02));
  };
  check(init::XavierUniform{}, 100, 300, 2.0 / 400);
  check(init::XavierNormal{}, 100, 300, 2.0 / 400);
  check(init::HeUniform{}, 50, 10, 2.0 / 50);
  check(init::HeNormal{}, 50, 10, 2.0 / 50);
  check(init::Normal<1, 50>{}, 7, 7, 0.02 * 0.02);
  // the uniform ones stay inside their bound
  std::vector<double> w(1000);
  Rng rng(1);
  init::HeUniform::fill(w.data(), 1000, 24, 1, rng);
  for (double v : w) CHECK(std::abs(v) <= 0.5);  // √(6/24)
}

TEST_CASE("Dense starts with zero biases") {
  using L = Dense<3>::bind<CpuBackend<double>, 2>;
  std::vector<double> p(L::param_count, 9.0);
  Rng rng(1);
  L{}.init(p.data(), nullptr, rng);
  for (Index i = L::weight_count; i < L::param_count; ++i) CHECK(p[static_cast<std::size_t>(i)] == 0.0);
}

TEST_CASE("MLP builds G: z → hidden → d and D: d → hidden → 1") {
  using A = MLP<Latent<3>, Data<2>, Hidden<8, 4>>;
  static_assert(std::is_same_v<A::generator, Sequential<Dense<8>, ReLU, Dense<4>, ReLU, Dense<2>>>);
  static_assert(std::is_same_v<A::discriminator, Sequential<Dense<8>, ReLU, Dense<4>, ReLU, Dense<1>>>);
  static_assert(A::latent_width == 3 && A::data_width == 2);
  CHECK(true);
}

TEST_CASE("MLP gives G and D their own widths, activations, output layer and initializer") {
  using A = MLP<Latent<2>, Data<5>, GHidden<16>, DHidden<7, 7>, DActivation<LeakyReLU<>>, GActivation<Tanh>,
                GOutput<Sigmoid>, Initializer<init::HeNormal>>;
  static_assert(std::is_same_v<A::generator, Sequential<Dense<16, init::HeNormal>, Tanh, Dense<5, init::HeNormal>, Sigmoid>>);
  static_assert(std::is_same_v<A::discriminator, Sequential<Dense<7, init::HeNormal>, LeakyReLU<>, Dense<7, init::HeNormal>,
                                                           LeakyReLU<>, Dense<1, init::HeNormal>>>);
  // Hidden<> sets both; GHidden overrides it for G only
  using B = MLP<Latent<2>, Data<2>, Hidden<6>, GHidden<9>>;
  static_assert(std::is_same_v<B::discriminator, Sequential<Dense<6>, ReLU, Dense<1>>>);
  static_assert(std::is_same_v<B::generator, Sequential<Dense<9>, ReLU, Dense<2>>>);
  CHECK(true);
}
