// UnrolledD: the exact unrolled G gradient against central differences of the unrolled G loss
// (G's parameters → K lookahead updates of D on a fixed batch → G's loss against that D), the
// first-order variant against a hand-made lookahead, D's restoration, and training smoke tests.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/gantk.hpp>

#include "gradcheck.hpp"
#include "penalty_check.hpp"

using namespace gantk;
using test::Md;
using test::Vd;

namespace {

using SmallG = Sequential<Dense<4>, Tanh, Dense<2>>;
using SmoothD = Sequential<Dense<5>, Tanh, Dense<4>, Sigmoid, Dense<1>>;
using NormD = Sequential<Dense<5>, BatchNorm<>, Tanh, Dense<4>, LeakyReLU<>, Dense<1>>;

template <class DSeq, class Loss, class Unrolled>
using UnrollGan = GAN<Networks<Latent<2>, Data<2>, SmallG, DSeq>, Loss, Precision<double>, Unrolled>;

/// Runs G on a fixed z and the strategy's g_objective on a fixed real batch, as the GAN's G
/// update does; optionally back-propagates ∂/∂fake through G.
template <class Gan, class Unrolled>
struct Harness {
  using B = typename Gan::B;
  Gan& gan;
  test::Batch<Gan> batch;
  typename Gan::GNet::Tape g_tape;

  Harness(Gan& g, Index n, std::uint64_t seed) : gan(g), batch(n, rng_for(seed)) {
    // give D's optimizer a history, so Adam's and RMSProp's frozen moments are not trivial
    Rng rng(seed + 1);
    Vd scratch = gan.discriminator().params;
    for (int i = 0; i < 3; ++i) {
      const Md grads = test::random_matrix(scratch.size(), 1, rng);
      gan.d_optimizer().step(scratch.data(), grads.data());
    }
    gan.template strategy<Unrolled>().prepare(n);
  }

  double objective(const Md& g_params, Vd* g_grad = nullptr) {
    auto& g = gan.generator();
    g.params = g_params;
    batch.fake = g.net.forward(g.params.data(), g.state.data(), B::cview(batch.z), g_tape, Pass{Mode::Train, nullptr});
    batch.fake_grad.setZero();
    const double value = batch.g_objective(gan, gan.template strategy<Unrolled>());
    if (g_grad) {
      *g_grad = Vd::Zero(g.params.size());
      g.net.backward(g.params.data(), g_tape, B::cview(batch.fake_grad), g_grad->data(), B::none());
    }
    return value;
  }

  /// ∇θ L_D at D's current parameters on this harness's real batch and current fakes (train mode),
  /// for the hand-made lookaheads the tests compare with.
  Vd d_gradient() {
    auto& d = gan.discriminator();
    typename Gan::DNet::Tape tr, tf;
    Md dr(1, batch.fake.cols()), df(1, batch.fake.cols());
    const Pass pass{Mode::Train, nullptr};
    d.net.forward(d.params.data(), d.state.data(), B::cview(batch.real), tr, pass);
    d.net.forward(d.params.data(), d.state.data(), B::cview(batch.fake), tf, pass);
    gan.loss().template d_loss<B>(tr.output(), tf.output(), B::view(dr), B::view(df), Targets{});
    Vd grads = Vd::Zero(d.params.size());
    d.net.backward(d.params.data(), tr, B::cview(dr), grads.data(), B::none());
    d.net.backward(d.params.data(), tf, B::cview(df), grads.data(), B::none());
    return grads;
  }

 private:
  static Rng& rng_for(std::uint64_t seed) {
    static thread_local Rng rng;
    rng = Rng(seed);
    return rng;
  }
};

template <class DSeq, class Loss, int K, Unroll Mode = Unroll::FrozenMoments>
void check_exact_unrolled_gradient(Optimizer d_optimizer, double tol = 1e-6) {
  using U = UnrolledD<K, Mode>;
  using Gan = UnrollGan<DSeq, Loss, U>;
  Gan gan{{.seed = 9, .d_optimizer = d_optimizer}};
  Rng rng(4);
  test::jitter(gan.discriminator(), rng, 0.5);
  Harness<Gan, U> h(gan, 6, 21);
  const Vd d_params = gan.discriminator().params, d_state = gan.discriminator().state;
  const Vd g_params = gan.generator().params;
  Vd analytic;
  const double value = h.objective(g_params, &analytic);
  CHECK(std::isfinite(value));
  CHECK(gan.discriminator().params == d_params);  // D restored exactly: parameters,
  CHECK(gan.discriminator().state == d_state);    // and running statistics
  const Md numeric = test::numeric_gradient(g_params, [&](const Md& p) { return h.objective(p); });
  test::check_close(analytic, numeric, tol, "unrolled G gradient");
  CHECK(analytic.norm() > 1e-3);
}

}  // namespace

TEST_CASE("UnrolledD, exact: G's gradient through K updates of D matches central differences") {
  SUBCASE("non-saturating loss, BatchNorm in D, Adam's frozen moments") {
    check_exact_unrolled_gradient<NormD, NonSaturatingLoss, 3>(Adam{.lr = 0.05});
  }
  SUBCASE("relativistic loss (coupled over the batch, G sees real data), SGD") {
    check_exact_unrolled_gradient<SmoothD, RelativisticLoss, 3>(SGD{.lr = 0.5});
  }
  SUBCASE("least squares, RMSProp") {
    check_exact_unrolled_gradient<SmoothD, LeastSquaresLoss, 2>(RMSProp{.lr = 0.01});
  }
  SUBCASE("Wasserstein (zero loss curvature, network curvature only), SGD") {
    check_exact_unrolled_gradient<SmoothD, WassersteinLoss, 4>(SGD{.lr = 0.3});
  }
}

TEST_CASE("UnrolledD, ExactAdam: G's gradient through K real Adam steps of D matches central differences") {
  // D's optimizer has taken 3 steps (Harness), so m, v and the bias corrections are all non-trivial
  SUBCASE("K = 1") { check_exact_unrolled_gradient<SmoothD, NonSaturatingLoss, 1, Unroll::ExactAdam>(Adam{.lr = 0.05}); }
  SUBCASE("K = 2") { check_exact_unrolled_gradient<SmoothD, NonSaturatingLoss, 2, Unroll::ExactAdam>(Adam{.lr = 0.05}); }
  SUBCASE("K = 3, BatchNorm in D") {
    check_exact_unrolled_gradient<NormD, NonSaturatingLoss, 3, Unroll::ExactAdam>(Adam{.lr = 0.05});
  }
  SUBCASE("K = 3, relativistic loss, β₁ = 0.9") {
    check_exact_unrolled_gradient<SmoothD, RelativisticLoss, 3, Unroll::ExactAdam>(Adam{.lr = 0.02, .beta1 = 0.9});
  }
}

TEST_CASE("UnrolledD, ExactAdam: the lookahead is D's own Adam update, and D's optimizer is left as it was") {
  using U = UnrolledD<3, Unroll::ExactAdam>;
  using Gan = UnrollGan<NormD, NonSaturatingLoss, U>;
  using B = Gan::B;
  Gan gan{{.seed = 9, .d_optimizer = Adam{.lr = 0.05}}};
  Rng rng(4);
  test::jitter(gan.discriminator(), rng, 0.5);
  Harness<Gan, U> h(gan, 6, 21);
  const auto optimizer_before = gan.d_optimizer();
  const double value = h.objective(gan.generator().params);
  CHECK(gan.d_optimizer().steps() == optimizer_before.steps());
  CHECK(gan.d_optimizer().first_moment() == optimizer_before.first_moment());
  CHECK(gan.d_optimizer().second_moment() == optimizer_before.second_moment());

  // the same lookahead with a copy of D's optimizer taking three real steps
  auto& d = gan.discriminator();
  const Vd theta0 = d.params, state0 = d.state;
  auto opt = gan.d_optimizer();
  for (int k = 0; k < 3; ++k) {
    const Vd grads = h.d_gradient();
    opt.step(d.params.data(), grads.data());
  }
  Gan::DNet::Tape tf;
  Md df(1, 6);
  const Pass pass{Mode::Train, nullptr};
  d.net.forward(d.params.data(), d.state.data(), B::cview(h.batch.fake), tf, pass);
  const double reference = gan.loss().g_loss<B>(B::cnone(), tf.output(), B::view(df));
  d.params = theta0;
  d.state = state0;
  CHECK(value == doctest::Approx(reference).epsilon(1e-12));
}

TEST_CASE("UnrolledD, ExactAdam: a D optimizer other than Adam is a clear error") {
  using U = UnrolledD<2, Unroll::ExactAdam>;
  using Gan = UnrollGan<SmoothD, NonSaturatingLoss, U>;
  Gan gan{{.seed = 9, .d_optimizer = SGD{.lr = 0.1}}};
  Harness<Gan, U> h(gan, 6, 21);
  CHECK_THROWS_WITH_AS(h.objective(gan.generator().params),
                       doctest::Contains("unrolls D's Adam update, but D's optimizer is SGD"), Error);
}

TEST_CASE("UnrolledD, first order: G's gradient against a hand-made lookahead of D, held fixed") {
  using U = UnrolledD<3, Unroll::FirstOrder>;
  using Gan = UnrollGan<NormD, NonSaturatingLoss, U>;
  using B = Gan::B;
  for (const Optimizer opt : {Optimizer{SGD{.lr = 0.5}}, Optimizer{Adam{.lr = 0.05}}}) {
    Gan gan{{.seed = 9, .d_optimizer = opt}};
    Rng rng(4);
    test::jitter(gan.discriminator(), rng, 0.5);
    Harness<Gan, U> h(gan, 6, 21);
    const Vd g_params = gan.generator().params;
    Vd fo_grad;
    const double fo_value = h.objective(g_params, &fo_grad);
    const Md fo_fake_grad = h.batch.fake_grad;

    // the lookahead by hand: θ ← θ − η⊙∇θL_D three times, η from the optimizer's moments now
    auto& d = gan.discriminator();
    const Vd theta0 = d.params, state0 = d.state;
    Vd eta = Vd::Constant(d.params.size(), gan.d_optimizer().learning_rate());
    if (const auto* adam = std::get_if<Adam>(&opt)) {
      const double c2 = 1 - std::pow(adam->beta2, double(gan.d_optimizer().steps()));
      const Vd root = (gan.d_optimizer().second_moment().array() / c2).sqrt();
      const double floor = U{}.min_moment_ratio * root.mean();  // parameters D has not moved yet
      eta = adam->lr / (root.array().max(floor) + adam->eps);
    }
    for (int k = 0; k < 3; ++k) d.params.array() -= eta.array() * h.d_gradient().array();
    Gan::DNet::Tape tf;
    Md df(1, 6);
    const Pass pass{Mode::Train, nullptr};
    // G's usual objective at θᴷ
    d.net.forward(d.params.data(), d.state.data(), B::cview(h.batch.fake), tf, pass);
    const double reference = gan.loss().g_loss<B>(B::cnone(), tf.output(), B::view(df));
    Md reference_grad(2, 6);
    d.net.backward(d.params.data(), tf, B::cview(df), nullptr, B::view(reference_grad));
    d.params = theta0;
    d.state = state0;
    CHECK(fo_value == doctest::Approx(reference).epsilon(1e-12));
    test::check_close(fo_fake_grad, reference_grad, 1e-10, "first-order unrolled ∂/∂fake");
    CHECK(fo_grad.norm() > 0);
  }
}

TEST_CASE("the exact and first-order unrolled gradients differ by the second-order term") {
  using Exact = UnrollGan<SmoothD, NonSaturatingLoss, UnrolledD<3>>;
  using First = UnrollGan<SmoothD, NonSaturatingLoss, UnrolledD<3, Unroll::FirstOrder>>;
  Exact e{{.seed = 9, .d_optimizer = SGD{.lr = 0.5}}};
  First f{{.seed = 9, .d_optimizer = SGD{.lr = 0.5}}};
  REQUIRE(e.discriminator().params == f.discriminator().params);
  Harness<Exact, UnrolledD<3>> he(e, 6, 21);
  Harness<First, UnrolledD<3, Unroll::FirstOrder>> hf(f, 6, 21);
  Vd ge, gf;
  const double ve = he.objective(e.generator().params, &ge);
  const double vf = hf.objective(f.generator().params, &gf);
  CHECK(ve == doctest::Approx(vf).epsilon(1e-12));  // the same lookahead, the same loss
  INFO("‖exact‖ = " << ge.norm() << ", ‖first order‖ = " << gf.norm() << ", ‖difference‖ = " << (ge - gf).norm());
  CHECK((ge - gf).norm() > 1e-3 * ge.norm());
}

TEST_CASE("UnrolledD trains: finite losses, D moves only by its own updates") {
  using Mlp = MLP<Latent<2>, Data<2>, Hidden<32, 32>>;
  const auto ring = data::Ring{}.dataset();
  const FitOptions opts{.steps = 20, .batch = 64, .progress = Progress::Silent};
  GAN<Mlp, NonSaturatingLoss, UnrolledD<5>> exact{{.seed = 2}};
  GAN<Mlp, NonSaturatingLoss, UnrolledD<5, Unroll::FirstOrder>> first{{.seed = 2}};
  GAN<Mlp, NonSaturatingLoss> plain{{.seed = 2}};
  const auto e = exact.fit(ring, opts), f = first.fit(ring, opts), p = plain.fit(ring, opts);
  CHECK(std::isfinite(e.last.g_loss));
  CHECK(std::isfinite(f.last.g_loss));
  // D's trajectory does not depend on how G is trained in the first step: after one step, D's
  // parameters equal the plain GAN's (the lookahead restored them)
  GAN<Mlp, NonSaturatingLoss, UnrolledD<5>> one{{.seed = 2}};
  GAN<Mlp, NonSaturatingLoss> one_plain{{.seed = 2}};
  one.train_step(ring, 64);
  one_plain.train_step(ring, 64);
  CHECK(one.discriminator().params == one_plain.discriminator().params);
  CHECK(one.generator().params != one_plain.generator().params);
  CHECK(p.last.step == e.last.step);
}

TEST_CASE("UnrolledD with Adam: a unit D has never moved (v̂ = 0) gets a bounded lookahead step") {
  // ring_pac's networks: at step 1 some of D's ReLU units are dead on every sample; the lookahead
  // revives them, and with η = lr/(√v̂ + ε) = lr/ε G's loss was infinite at step 1
  using Arch = MLP<Latent<2>, Data<2>, GHidden<400, 400, 400, 400>, DHidden<200, 200, 200>>;
  const auto ring = data::Ring{}.dataset();
  GAN<Arch, NonSaturatingLoss, UnrolledD<5>> gan{{.seed = 1}};
  for (int step = 0; step < 3; ++step) {
    const auto s = gan.train_step(ring, 100);
    CHECK(std::isfinite(s.g_loss));
    CHECK(s.g_loss < 5.0);  // log 2 ≈ 0.69 at the start; the unfloored step gave inf
  }
  // ExactAdam's lookahead updates v with each lookahead gradient, so a revived unit's step is
  // bounded by Adam itself (no floor)
  GAN<Arch, NonSaturatingLoss, UnrolledD<5, Unroll::ExactAdam>> adam{{.seed = 1}};
  for (int step = 0; step < 3; ++step) {
    const auto s = adam.train_step(ring, 100);
    CHECK(std::isfinite(s.g_loss));
    CHECK(s.g_loss < 5.0);
  }
  UnrolledD<2> negative;
  negative.min_moment_ratio = -1;
  CHECK_THROWS_WITH_AS((GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, UnrolledD<2>>{{.seed = 1}, negative}),
                       doctest::Contains("min_moment_ratio must be finite and non-negative, got -1"), Error);
}
