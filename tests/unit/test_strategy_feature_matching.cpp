#include <doctest/doctest.h>

#include "strategy_check.hpp"

using namespace gantk;
using gantk::test::check_fake_gradient;
using gantk::test::ContextData;

namespace {
using Arch = MLP<Latent<3>, Data<2>, Hidden<6, 5>, DActivation<Tanh>>;
template <class... S>
using DoubleGan = GAN<Arch, NonSaturatingLoss, Precision<double>, S...>;

// mean of D's layer-I features over the columns of x (d_input_width × n), computed by hand
template <std::size_t I, class Gan>
typename Gan::Vector feature_mean(Gan& gan, const typename Gan::Matrix& x) {
  typename Gan::DNet::Tape tape;
  auto& d = gan.discriminator();
  typename Gan::Vector state = d.state;
  Rng rng(1);
  d.net.forward(d.params.data(), state.data(), Gan::B::cview(x), tape, Pass{Mode::Train, &rng});
  return tape.out[I].rowwise().mean();
}
}  // namespace

TEST_CASE("FeatureMatching replaces G's objective by ‖E f(real) − E f(fake)‖² (value by hand)") {
  using Gan = DoubleGan<FeatureMatching>;
  static_assert(FeatureMatching::replaces_g_objective);
  static_assert(FeatureMatching::feature_layer<Gan>() == Gan::DNet::depth - 2);
  Gan gan{{.seed = 1}};
  gan.train_step(data::Ring{}.dataset(), 8);
  Rng rng(2);
  ContextData<Gan> data(8, rng);
  const double value = data.g_objective(gan, gan.strategy<FeatureMatching>());
  constexpr std::size_t I = Gan::DNet::depth - 2;
  const double by_hand = (feature_mean<I>(gan, data.fake) - feature_mean<I>(gan, data.real)).squaredNorm();
  CHECK(value == doctest::Approx(by_hand).epsilon(1e-12));
  CHECK(value > 0);
  // identical real and fake batches match exactly
  data.fake = data.real;
  CHECK(data.g_objective(gan, gan.strategy<FeatureMatching>()) == doctest::Approx(0.0));
}

TEST_CASE("FeatureMatching: gradient with respect to the fakes, several layers and both uses") {
  Rng rng(3);
  SUBCASE("layer before the head, replacing the loss") {
    DoubleGan<FeatureMatching> gan{{.seed = 4}};
    gan.train_step(data::Ring{}.dataset(), 6);
    ContextData<DoubleGan<FeatureMatching>> data(6, rng);
    check_fake_gradient(gan, data, [&] { return data.g_objective(gan, gan.template strategy<FeatureMatching>()); });
  }
  SUBCASE("first layer, weight 2.5") {
    using S = FeatureMatchingWith<0>;
    DoubleGan<S> gan{{.seed = 5}, S{.weight = 2.5}};
    gan.train_step(data::Ring{}.dataset(), 6);
    ContextData<DoubleGan<S>> data(6, rng);
    check_fake_gradient(gan, data, [&] { return data.g_objective(gan, gan.template strategy<S>()); });
  }
  SUBCASE("added to the loss, with packing and minibatch features in D") {
    using S = FeatureMatchingWith<-2, FeatureMatchingUse::AddToLoss>;
    static_assert(!S::replaces_g_objective);
    using Gan = DoubleGan<PacGAN<2>, MinibatchDiscWith<3, 2>, S>;
    Gan gan{{.seed = 6}, S{.weight = 0.7}};
    gan.train_step(data::Ring{}.dataset(), 8);
    ContextData<Gan> data(8, rng);
    check_fake_gradient(gan, data, [&] { return data.g_penalty(gan, gan.template strategy<S>()); });
  }
}

TEST_CASE("FeatureMatching trains: G's reported loss is the matching term and falls") {
  using Gan = GAN<MLP<Latent<2>, Data<2>, Hidden<32, 32>>, NonSaturatingLoss, FeatureMatching>;
  Gan gan{{.seed = 7, .g_optimizer = Adam{.lr = 1e-3}, .d_optimizer = Adam{.lr = 1e-3}}};
  const auto ring = data::Ring{}.dataset();
  double early = 0, late = 0;
  for (int s = 0; s < 400; ++s) {
    const double g = gan.train_step(ring, 64).g_loss;
    REQUIRE(std::isfinite(g));
    if (s < 20) early += g / 20;
    if (s >= 380) late += g / 20;
  }
  CHECK(late < early);
}

TEST_CASE("FeatureMatching: a bad weight is an error naming it") {
  using Gan = GAN<Arch, NonSaturatingLoss, FeatureMatching>;
  CHECK_THROWS_WITH_AS((Gan{{}, FeatureMatching{.weight = -1}}), doctest::Contains("-1"), Error);
}
