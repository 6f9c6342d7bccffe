// Penalties on D's input gradient: exact parameter gradients against central differences of the
// penalty (double precision) for discriminators made of every layer type, values by hand on a
// linear D, packing, settings and suggestions; weight clipping.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/gantk.hpp>

#include "gradcheck.hpp"
#include "penalty_check.hpp"

using namespace gantk;
using test::Md;
using test::Vd;

namespace {

using SmallG = Sequential<Dense<3>>;

/// D judges `pack` samples jointly, as PacGAN<pack> makes it (without PacGAN's other effects).
template <int M>
struct Pack : Strategy {
  static constexpr int pack = M;
};

template <class DSeq, class Penalty, class... More>
using PenaltyGan =
    GAN<Networks<Latent<2>, Data<3>, SmallG, DSeq>, WassersteinLoss, Precision<double>, Penalty, More...>;

/// The penalty's value and D's gradient from one d_penalty call on a fresh copy of `p` (the
/// penalty as the GAN holds it, so every call draws the same interpolation coefficients or
/// perturbations).
template <class Gan, class Bound>
double penalty_and_gradient(Gan& gan, const Bound& p, test::Batch<Gan>& batch, Vd* grad) {
  Bound fresh = p;
  test::run_d_passes(gan, batch.context(gan, Phase::Discriminator));
  gan.discriminator().grads.setZero();
  const double value = batch.d_penalty(gan, fresh);
  if (grad) *grad = gan.discriminator().grads;
  return value;
}

template <class DSeq, class Penalty, class... More>
void check_penalty_gradient(Penalty settings, Index batch_size = 6, double weight_scale = 1.0) {
  using Gan = PenaltyGan<DSeq, Penalty, More...>;
  Gan gan{{.seed = 3}, settings};
  Rng rng(17);
  test::jitter(gan.discriminator(), rng, 0.3);
  gan.discriminator().params *= weight_scale;
  test::Batch<Gan> batch(batch_size, rng);
  auto p = gan.template strategy<Penalty>();  // settings and buffers, as the GAN holds them
  p.seed(Rng(23));
  test::run_d_passes(gan, batch.context(gan, Phase::Discriminator));  // sizes the GAN's tapes
  p.prepare(batch_size);
  Vd analytic;
  const double value = penalty_and_gradient(gan, p, batch, &analytic);
  CHECK(std::isfinite(value));
  CHECK(value > 0);
  const Vd keep = gan.discriminator().params;
  const auto f = [&](const Md& params) {
    gan.discriminator().params = params;
    return penalty_and_gradient(gan, p, batch, nullptr);
  };
  const Md numeric = test::numeric_gradient(keep, f);
  gan.discriminator().params = keep;
  test::check_close(analytic, numeric, 1e-6, "∂(penalty)/∂θ_D");
  CHECK(analytic.norm() > 0);
}

template <class Penalty>
void check_every_layer(Penalty p) {
  SUBCASE("Dense") { check_penalty_gradient<Sequential<Dense<4>, Dense<1>>>(p); }
  SUBCASE("ReLU") { check_penalty_gradient<Sequential<Dense<5>, ReLU, Dense<1>>>(p); }
  SUBCASE("LeakyReLU") { check_penalty_gradient<Sequential<Dense<5>, LeakyReLU<>, Dense<1>>>(p); }
  SUBCASE("Tanh") { check_penalty_gradient<Sequential<Dense<5>, Tanh, Dense<1>>>(p); }
  SUBCASE("Sigmoid") { check_penalty_gradient<Sequential<Dense<5>, Sigmoid, Dense<1>>>(p); }
  SUBCASE("BatchNorm, train mode") { check_penalty_gradient<Sequential<Dense<5>, BatchNorm<>, Tanh, Dense<1>>>(p); }
  SUBCASE("Maxout") { check_penalty_gradient<Sequential<Maxout<4, 3>, Dense<1>>>(p); }
  SUBCASE("a mix of all") {
    using Mix =
        Sequential<Dense<6>, BatchNorm<>, LeakyReLU<>, Maxout<5, 2>, Tanh, Dense<4>, ReLU, Dense<4>, Sigmoid, Dense<1>>;
    check_penalty_gradient<Mix>(p, 7);
  }
}

}  // namespace

TEST_CASE("GradientPenalty: exact gradient for every layer type") { check_every_layer(GradientPenalty{.lambda = 3}); }
TEST_CASE("GradientPenalty, one-sided: exact gradient") {
  // weights scaled up so that some of D's input gradients are longer than 1 (the penalised side)
  check_penalty_gradient<Sequential<Dense<5>, Tanh, Dense<1>>>(GradientPenalty{.one_sided = true}, 6, 2.0);
  check_penalty_gradient<Sequential<Dense<6>, BatchNorm<>, LeakyReLU<>, Dense<1>>>(GradientPenalty{.one_sided = true},
                                                                                  6, 2.0);
}
TEST_CASE("R1Penalty: exact gradient for every layer type") { check_every_layer(R1Penalty{.gamma = 2}); }
TEST_CASE("R2Penalty: exact gradient for every layer type") { check_every_layer(R2Penalty{.gamma = 2}); }
TEST_CASE("DRAGANPenalty: exact gradient for every layer type") { check_every_layer(DRAGANPenalty{.lambda = 3}); }

TEST_CASE("penalties on packed inputs (PacGAN-style): exact gradient") {
  using D = Sequential<Dense<5>, Tanh, Dense<1>>;
  check_penalty_gradient<D, GradientPenalty, Pack<2>>(GradientPenalty{}, 8);
  check_penalty_gradient<D, R1Penalty, Pack<2>>(R1Penalty{}, 8);
  check_penalty_gradient<D, DRAGANPenalty, Pack<2>>(DRAGANPenalty{}, 8);
}

TEST_CASE("penalties on a linear D: values and gradients by hand") {
  // D(x) = wᵀx + b has ∇ₓD = w at every point, wherever the penalty looks
  using D = Sequential<Dense<1>>;
  const auto run = [](auto penalty, double& value, Vd& grad) {
    using P = decltype(penalty);
    using Gan = PenaltyGan<D, P>;
    Gan gan{{.seed = 1}, penalty};
    gan.discriminator().params << 0.3, -0.4, 1.2, 0.7;  // w = (0.3, −0.4, 1.2), b = 0.7
    Rng rng(2);
    test::Batch<Gan> batch(4, rng);
    auto p = gan.template strategy<P>();
    test::run_d_passes(gan, batch.context(gan, Phase::Discriminator));
    p.prepare(4);
    value = penalty_and_gradient(gan, p, batch, &grad);
  };
  const Eigen::Vector3d w(0.3, -0.4, 1.2);
  const double norm = w.norm();  // 1.3
  double value;
  Vd grad;
  run(GradientPenalty{.lambda = 10}, value, grad);
  CHECK(value == doctest::Approx(10 * (norm - 1) * (norm - 1)));
  for (int i = 0; i < 3; ++i) CHECK(grad[i] == doctest::Approx(20 * (norm - 1) * w[i] / norm));
  CHECK(grad[3] == 0.0);  // the bias does not move ∇ₓD
  run(R1Penalty{.gamma = 4}, value, grad);
  CHECK(value == doctest::Approx(2 * norm * norm));
  for (int i = 0; i < 3; ++i) CHECK(grad[i] == doctest::Approx(4 * w[i]));
  run(R2Penalty{.gamma = 4}, value, grad);
  CHECK(value == doctest::Approx(2 * norm * norm));
  run(DRAGANPenalty{.lambda = 2}, value, grad);
  CHECK(value == doctest::Approx(2 * (norm - 1) * (norm - 1)));
  run(GradientPenalty{.lambda = 10, .one_sided = true}, value, grad);
  CHECK(value == doctest::Approx(10 * (norm - 1) * (norm - 1)));  // ‖w‖ > 1: both forms agree
}

TEST_CASE("one-sided gradient penalty ignores gradients shorter than 1") {
  using Gan = PenaltyGan<Sequential<Dense<1>>, GradientPenalty>;
  Gan gan{{.seed = 1}, GradientPenalty{.one_sided = true}};
  gan.discriminator().params << 0.3, -0.4, 0.5, 0.0;  // ‖w‖ ≈ 0.71
  Rng rng(2);
  test::Batch<Gan> batch(4, rng);
  auto p = gan.strategy<GradientPenalty>();
  test::run_d_passes(gan, batch.context(gan, Phase::Discriminator));
  p.prepare(4);
  Vd grad;
  CHECK(penalty_and_gradient(gan, p, batch, &grad) == 0.0);
  CHECK(grad.norm() == 0.0);
  p.one_sided = false;
  CHECK(penalty_and_gradient(gan, p, batch, &grad) > 0.05);
}

TEST_CASE("a penalty adds to D's gradient; it does not overwrite it") {
  using Gan = PenaltyGan<Sequential<Dense<1>>, R1Penalty>;
  Gan gan{{.seed = 1}};
  Rng rng(2);
  test::Batch<Gan> batch(4, rng);
  auto p = gan.strategy<R1Penalty>();
  test::run_d_passes(gan, batch.context(gan, Phase::Discriminator));
  p.prepare(4);
  Vd alone;
  penalty_and_gradient(gan, p, batch, &alone);
  gan.discriminator().grads.setOnes();
  batch.d_penalty(gan, p);
  test::check_close(gan.discriminator().grads, alone.array() + 1.0, 1e-12, "accumulated gradient");
}

TEST_CASE("penalty settings are checked and named") {
  using Gan = PenaltyGan<Sequential<Dense<4>, ReLU, Dense<1>>, GradientPenalty>;
  CHECK_THROWS_WITH_AS(Gan({}, GradientPenalty{.lambda = -1}),
                       doctest::Contains("lambda must be finite and ≥ 0, got -1"), Error);
  CHECK_THROWS_WITH_AS((PenaltyGan<Sequential<Dense<1>>, R1Penalty>({}, R1Penalty{.gamma = -2})),
                       doctest::Contains("gamma must be finite and ≥ 0, got -2"), Error);
  CHECK_THROWS_WITH_AS((PenaltyGan<Sequential<Dense<1>>, R2Penalty>({}, R2Penalty{.gamma = NAN})),
                       doctest::Contains("R2Penalty: gamma"), Error);
  CHECK_THROWS_WITH_AS((PenaltyGan<Sequential<Dense<1>>, DRAGANPenalty>({}, DRAGANPenalty{.c = 0})),
                       doctest::Contains("c (the perturbation scale) must be positive, got 0"), Error);
  CHECK_THROWS_WITH_AS((PenaltyGan<Sequential<Dense<1>>, WeightClipping>({}, WeightClipping{.c = -0.5})),
                       doctest::Contains("c must be positive and finite, got -0.5"), Error);
}

TEST_CASE("suggestions: WGAN-GP's settings with the Wasserstein loss only; the user's Config wins") {
  using Mlp = MLP<Latent<2>, Data<2>, Hidden<8>>;
  GAN<Mlp, WassersteinLoss, GradientPenalty> wgan_gp;
  const auto& adam = std::get<Adam>(wgan_gp.settings().d_optimizer);
  CHECK(adam.lr == doctest::Approx(1e-4));
  CHECK(adam.beta1 == 0.0);
  CHECK(adam.beta2 == doctest::Approx(0.9));
  CHECK(std::get<Adam>(wgan_gp.settings().g_optimizer).beta1 == 0.0);
  CHECK(wgan_gp.settings().n_critic == 5);
  GAN<Mlp, NonSaturatingLoss, GradientPenalty> ns_gp;
  CHECK(ns_gp.settings().n_critic == 1);
  CHECK(std::get<Adam>(ns_gp.settings().d_optimizer).beta1 == doctest::Approx(0.5));
  GAN<Mlp, WassersteinLoss, GradientPenalty> user{{.d_optimizer = SGD{.lr = 0.1}, .n_critic = 2}};
  CHECK(std::holds_alternative<SGD>(user.settings().d_optimizer));
  CHECK(user.settings().n_critic == 2);
  CHECK(std::get<Adam>(user.settings().g_optimizer).beta2 == doctest::Approx(0.9));
  GAN<Mlp, WassersteinLoss, WeightClipping> wgan;
  CHECK(std::get<RMSProp>(wgan.settings().d_optimizer).lr == doctest::Approx(5e-5));
  CHECK(std::get<RMSProp>(wgan.settings().g_optimizer).lr == doctest::Approx(5e-5));
  CHECK(wgan.settings().n_critic == 5);
  GAN<Mlp, NonSaturatingLoss, R1Penalty> r1;
  CHECK(r1.settings().n_critic == 1);
}

TEST_CASE("weight clipping keeps every parameter of D inside [−c, c]") {
  using Wgan = GAN<MLP<Latent<2>, Data<2>, Hidden<32, 32>>, WassersteinLoss, WeightClipping>;
  for (double c : {0.01, 0.05}) {
    CAPTURE(c);
    const RMSProp rms{.lr = 1e-3};
    Wgan gan{{.seed = 5, .g_optimizer = rms, .d_optimizer = rms}, WeightClipping{.c = c}};
    const float bound = static_cast<float>(c);
    CHECK(gan.discriminator().params.cwiseAbs().maxCoeff() > bound);  // Xavier's weights start outside
    const auto ring = data::Ring{}.dataset();
    long inside = 0, at_bound = 0, checks = 0;
    gan.fit(ring, {.steps = 30, .batch = 64, .progress = Progress::Silent}, [&](Wgan& g, const StepInfo&) {
      const auto& p = g.discriminator().params;
      inside += p.cwiseAbs().maxCoeff() <= bound;
      at_bound += (p.cwiseAbs().array() == bound).count() > 0;
      ++checks;
    });
    CHECK(inside == checks);
    CHECK(at_bound == checks);  // and it did clip: some parameters sit on the bound
  }
}
