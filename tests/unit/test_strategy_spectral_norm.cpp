#include <doctest/doctest.h>

#include <Eigen/SVD>

#include <gantk/gantk.hpp>

using namespace gantk;

namespace {
using Bd = CpuBackend<double>;
using Md = Bd::Matrix;
using Vd = Bd::Vector;

double largest_singular_value(const Md& w) { return Eigen::JacobiSVD<Md>(w).singularValues()(0); }

using Arch = MLP<Latent<2>, Data<2>, Hidden<32, 32>>;
using Gan = GAN<Arch, NonSaturatingLoss, Precision<double>, SpectralNorm>;

// W/σ of layer I of D (σ from the layer's stored u, v)
template <std::size_t I>
Md normalised_weight(const Gan& gan) {
  using L = typename Gan::DNet::template LayerAt<I>;
  const double* p = gan.discriminator().params.data() + Gan::DNet::param_offsets[I];
  const double* s = gan.discriminator().state.data() + Gan::DNet::state_offsets[I];
  return Md(L::weight(p)) / L::sigma(p, s);
}
}  // namespace

TEST_CASE("SpectralDense: power iteration finds the largest singular value") {
  using L = SpectralDenseLayer<Bd, 5, 7, init::XavierUniform, PowerIteration::External>;
  Rng rng(1);
  Vd p(L::param_count), s(L::state_count);
  L{}.init(p.data(), s.data(), rng);
  const double exact = largest_singular_value(Md(L::weight(p.data())));
  const double first = L::sigma(p.data(), s.data());
  CHECK(first > 0);
  CHECK(first <= exact * (1 + 1e-12));  // uᵀWv never exceeds ‖W‖₂ for unit u, v
  for (int i = 0; i < 200; ++i) L::power_iteration(p.data(), s.data());
  CHECK(L::sigma(p.data(), s.data()) == doctest::Approx(exact).epsilon(1e-6));
  CHECK(Eigen::Map<const Vd>(s.data(), 7).norm() == doctest::Approx(1.0));
  CHECK(Eigen::Map<const Vd>(s.data() + 7, 5).norm() == doctest::Approx(1.0));
}

TEST_CASE("SpectralDense: a train pass is one power-iteration step, then the eval map with the new u, v") {
  using L = SpectralDenseLayer<Bd, 3, 4, init::XavierUniform, PowerIteration::EachTrainForward>;
  Rng rng(2);
  Vd p(L::param_count), s(L::state_count);
  const L layer;
  layer.init(p.data(), s.data(), rng);
  const Md x = Md::Random(3, 5);
  Md y_train(4, 5), y_eval(4, 5);
  typename L::Cache c;
  c.resize(5);
  Vd s_train = s;
  layer.forward(p.data(), s_train.data(), Bd::cview(x), Bd::view(y_train), c, Pass{Mode::Train, &rng});
  Vd s_manual = s;
  L::power_iteration(p.data(), s_manual.data());
  CHECK(s_train == s_manual);
  layer.forward(p.data(), s_manual.data(), Bd::cview(x), Bd::view(y_eval), c, Pass{Mode::Eval, nullptr});
  CHECK((y_train - y_eval).norm() < 1e-14);
  CHECK(s_manual == s_train);  // eval passes leave the state alone
  const Md expected = (L::weight(p.data()) * x / L::sigma(p.data(), s_train.data())).colwise() +
                      Eigen::Map<const Vd>(L::bias(p.data()), 4);
  CHECK((y_eval - expected).norm() < 1e-12);
}

TEST_CASE("SpectralNorm: exactly one power-iteration step per D update, before D's passes") {
  Gan gan{{.seed = 3}};
  const auto ring = data::Ring{}.dataset();
  gan.train_step(ring, 16);
  const Vd params_before = gan.discriminator().params, state_before = gan.discriminator().state;
  gan.train_step(ring, 16);
  // redo the step's power iteration by hand on the parameters D had before its update
  Vd expected = state_before;
  detail::for_each_index<Gan::DNet::depth>([&](auto i) {
    using L = typename Gan::DNet::template LayerAt<i>;
    if constexpr (detail::ExternallyIterated<L>)
      L::power_iteration(params_before.data() + Gan::DNet::param_offsets[i], expected.data() + Gan::DNet::state_offsets[i]);
  });
  CHECK((gan.discriminator().state - expected).norm() < 1e-14);
  // a second step would have moved it: the check can tell one step from two
  Vd twice = expected;
  detail::for_each_index<Gan::DNet::depth>([&](auto i) {
    using L = typename Gan::DNet::template LayerAt<i>;
    if constexpr (detail::ExternallyIterated<L>)
      L::power_iteration(params_before.data() + Gan::DNet::param_offsets[i], twice.data() + Gan::DNet::state_offsets[i]);
  });
  CHECK((twice - expected).norm() > 1e-6);
}

TEST_CASE("SpectralNorm: after training every layer of D has spectral norm ≈ 1") {
  Gan gan{{.seed = 4, .d_optimizer = Adam{.lr = 1e-3}}};
  const auto ring = data::Ring{}.dataset();
  for (int s = 0; s < 300; ++s) gan.train_step(ring, 32);
  CHECK(largest_singular_value(normalised_weight<0>(gan)) == doctest::Approx(1.0).epsilon(0.02));
  CHECK(largest_singular_value(normalised_weight<2>(gan)) == doctest::Approx(1.0).epsilon(0.02));
  CHECK(largest_singular_value(normalised_weight<4>(gan)) == doctest::Approx(1.0).epsilon(0.02));
  // without SpectralNorm the same training leaves D's weights far from norm 1
  GAN<Arch, NonSaturatingLoss, Precision<double>> plain{{.seed = 4, .d_optimizer = Adam{.lr = 1e-3}}};
  for (int s = 0; s < 300; ++s) plain.train_step(ring, 32);
  const Md w = Md(Bd::cview(plain.discriminator().params.data() + Gan::DNet::param_offsets[2], 32, 32));
  CHECK(std::abs(largest_singular_value(w) - 1.0) > 0.1);
}
