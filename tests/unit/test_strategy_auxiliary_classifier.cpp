// AuxiliaryClassifier<K> (AC-GAN, Odena, Olah & Shlens 2017): the AuxiliaryOutputs layer and the
// networks' types, the class terms' gradients against central differences (D's parameters and
// G's fakes, double), and AC-GANs on the 25-Gaussian grid whose G draws each asked-for class and
// whose D classifies real samples.
#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>
#include <vector>

#include <gantk/backend/reference.hpp>
#include <gantk/gantk.hpp>

#include "gradcheck.hpp"
#include "penalty_check.hpp"
#include "resume_check.hpp"
#include "strategy_check.hpp"

using namespace gantk;

namespace {

using test::Bd;
using test::Md;
using Rd = ReferenceBackend<double>;

template <class B, int In, class... Specs>
using NetOn = typename Sequential<Specs...>::template bind<B, In>;

using Arch = MLP<Latent<2>, Data<2>, Hidden<64, 64>, DActivation<LeakyReLU<>>>;
using Plain = GAN<Arch, NonSaturatingLoss>;
using AcGan = GAN<Arch, NonSaturatingLoss, AuxiliaryClassifier<25>>;
constexpr Adam kFast{.lr = 1e-3, .beta1 = 0.5, .beta2 = 0.999};

using Small = MLP<Latent<3>, Data<2>, Hidden<6, 5>, DActivation<Tanh>>;
template <class... S>
using DoubleGan = GAN<Small, NonSaturatingLoss, Precision<double>, S...>;

/// The fraction of the columns of x whose nearest centre of `mixture` is `c`.
double share_nearest(const AcGan::Matrix& x, const data::GaussianMixture& mixture, int c) {
  Index hits = 0;
  for (Index j = 0; j < x.cols(); ++j) {
    Index nearest = 0;
    (mixture.centers().cast<float>().colwise() - x.col(j)).colwise().squaredNorm().minCoeff(&nearest);
    hits += nearest == c;
  }
  return static_cast<double>(hits) / static_cast<double>(x.cols());
}

/// The share of n real samples whose class D's auxiliary head predicts.
template <class Gan>
double real_class_accuracy(const Gan& gan, const data::GaussianMixture& mixture, Index n, std::uint64_t seed) {
  typename Gan::Matrix x(2, n);
  std::vector<int> labels(static_cast<std::size_t>(n));
  Rng rng(seed);
  mixture.sample(HostView<float>(x.data(), 2, n), std::span<int>(labels), rng);
  const auto logits = auxiliary_outputs(gan, x);
  Index hits = 0;
  for (Index j = 0; j < n; ++j) {
    Index best = 0;
    logits.col(j).maxCoeff(&best);
    hits += best == labels[static_cast<std::size_t>(j)];
  }
  return static_cast<double>(hits) / static_cast<double>(n);
}

}  // namespace

// ---- the network types: G as Conditional<K>'s, D's head Dense<1> widened to Dense<1 + K> ----
static_assert(AcGan::classes == 25 && AcGan::conditional);
static_assert(AcGan::GNet::in_width == 2 && AcGan::GNet::LayerAt<0>::out_width == 2 + 25);
static_assert(AcGan::DNet::in_width == 2 && AcGan::DNet::LayerAt<0>::in_width == 2);  // D is not told the class
static_assert(AcGan::DNet::depth == Plain::DNet::depth + 1 && AcGan::DNet::out_width == 1);
static_assert(AcGan::DNet::LayerAt<AcGan::DNet::depth - 2>::out_width == 1 + 25);
static_assert(std::is_same_v<AcGan::DNet::LayerAt<AcGan::DNet::depth - 1>, AuxiliaryOutputsLayer<AcGan::B, 26, 25>>);
// the class head: 25 more outputs of the last Dense (64 weights and a bias each)
static_assert(AcGan::DNet::param_count == Plain::DNet::param_count + 25 * (64 + 1));
// a layer another strategy inserts before D's head goes before the widened head, whatever the order
using WithMinibatch = GAN<Arch, NonSaturatingLoss, AuxiliaryClassifier<4>, MinibatchDisc, SpectralNorm>;
static_assert(WithMinibatch::DNet::LayerAt<WithMinibatch::DNet::depth - 2>::out_width == 1 + 4);
static_assert(std::is_same_v<WithMinibatch::DiscriminatorSpec,
                             GAN<Arch, NonSaturatingLoss, MinibatchDisc, SpectralNorm,
                                 AuxiliaryClassifier<4>>::DiscriminatorSpec>);

TEST_CASE("AuxiliaryOutputs: passes row 0 on; gradients and second-order passes (double, CPU and reference)") {
  using N = NetOn<Bd, 3, Dense<4>, AuxiliaryOutputs<3>>;
  N net;
  Md p(N::param_count, 1), s(1, 1);
  Rng rng(3);
  net.init(p.data(), s.data(), rng);
  const Md x = test::random_matrix(3, 5, rng);
  typename N::Tape tape;
  const Md y = test::to_md(net.forward(p.data(), s.data(), test::cv<Bd>(x), tape, Pass{}));
  CHECK(y.rows() == 1);
  CHECK((y - test::to_md(tape.out[0]).topRows(1)).norm() == 0.0);
  test::check_all<N>();
  test::check_all<NetOn<Rd, 3, Dense<4>, Tanh, AuxiliaryOutputs<3>>>();
  test::check_all<NetOn<Bd, 2, Dense<5>, LeakyReLU<>, Dense<3>, AuxiliaryOutputs<2>>>(Mode::Eval, 4);
}

TEST_CASE("AuxiliaryClassifier: D's class terms, gradient in D's parameters against central differences") {
  using S = AuxiliaryClassifier<4>;
  using Gan = DoubleGan<S>;
  const auto grid = data::Grid{.side = 2}.dataset();
  for (const double fake_weight : {1.0, 0.0}) {
    CAPTURE(fake_weight);
    Gan gan{{.seed = 2}, S{.real_weight = 0.7, .fake_weight = fake_weight}};
    gan.train_step(grid, 6);  // the GAN's buffers, and a batch's labels
    Rng rng(5);
    test::Batch<Gan> batch(6, rng);
    auto& d = gan.discriminator();
    const auto term = [&] {
      test::run_d_passes(gan, batch.context(gan, Phase::Discriminator));
      return batch.d_penalty(gan, gan.strategy<S>());
    };
    d.grads.setZero();
    const double value = term();
    CHECK(value > 0);
    const Md analytic = d.grads;
    const Md keep = d.params;
    const Md numeric = test::numeric_gradient(keep, [&](const Md& p) {
      d.params = p;
      return term();
    });
    d.params = keep;
    test::check_close(analytic, numeric, 1e-6, "D's class terms with respect to D's parameters");
    // the real/fake row of D's head gets nothing from them
    const Index head = Gan::DNet::param_offsets[Gan::DNet::depth - 2];
    const Index features = Gan::DNet::LayerAt<Gan::DNet::depth - 2>::in_width;
    for (Index i = 0; i < features; ++i) CHECK(analytic(head + i * 5, 0) == 0.0);  // W is (1 + K) × features
  }
}

TEST_CASE("AuxiliaryClassifier: G's class term, gradient in the fakes against central differences") {
  using S = AuxiliaryClassifier<4>;
  using Gan = DoubleGan<S>;
  Gan gan{{.seed = 3}, S{.g_weight = 1.3}};
  gan.train_step(data::Grid{.side = 2}.dataset(), 6);
  Rng rng(4);
  test::ContextData<Gan> data(6, rng);
  test::check_fake_gradient(gan, data, [&] { return data.g_penalty(gan, gan.strategy<S>()); });
}

TEST_CASE("AuxiliaryClassifier: the class terms are reported, and bad weights are errors naming them") {
  using S = AuxiliaryClassifier<8>;
  using Gan = GAN<MLP<Latent<2>, Data<2>, Hidden<16, 16>>, NonSaturatingLoss, S>;
  Gan gan{{.seed = 1}};
  const auto info = gan.train_step(data::Ring{}.dataset(), 32);
  // an untrained classifier of 8 classes: cross-entropy near log 8 on real and fake
  CHECK(info.d_penalty == doctest::Approx(2 * std::log(8.0)).epsilon(0.2));
  CHECK(info.g_penalty == doctest::Approx(std::log(8.0)).epsilon(0.2));
  Gan silent{{.seed = 1}, S{.real_weight = 0, .fake_weight = 0, .g_weight = 0}};
  const auto none = silent.train_step(data::Ring{}.dataset(), 32);
  CHECK(none.d_penalty == 0);
  CHECK(none.g_penalty == 0);
  CHECK_THROWS_WITH_AS((Gan{{.seed = 1}, S{.fake_weight = -1}}),
                       doctest::Contains("AuxiliaryClassifier: fake_weight must be non-negative and finite, got -1"),
                       Error);
  CHECK_THROWS_WITH_AS(auxiliary_outputs(gan, Gan::Matrix::Zero(3, 4)),
                       doctest::Contains("auxiliary_outputs: x has 3 rows, the data width is 2"), Error);
}

TEST_CASE("AuxiliaryClassifier: on the 25-Gaussian grid, sample_class(c) lands on centre c and D tells the classes") {
  const auto grid = data::Grid{}.dataset();
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    AcGan gan{{.seed = seed, .g_optimizer = kFast, .d_optimizer = kFast}};
    // the controls: before training neither G's classes nor D's predictions are better than chance
    double untrained = 0;
    for (int c = 0; c < 25; ++c) untrained += share_nearest(gan.sample_class(200, c), grid, c) / 25;
    CHECK(untrained < 0.3);
    CHECK(real_class_accuracy(gan, grid, 2000, 11) < 0.3);
    gan.fit(grid, {.steps = 2000, .batch = 128, .progress = Progress::Silent});
    for (int c = 0; c < 25; ++c) {
      CAPTURE(c);
      CHECK(share_nearest(gan.sample_class(200, c), grid, c) >= 0.8);  // 1.0 for every class, seeds 1-10
    }
    CHECK(real_class_accuracy(gan, grid, 2000, 11) >= 0.9);  // 1.0 measured, seeds 1-10
    CHECK(gan.strategy<AuxiliaryClassifier<25>>().real_accuracy() >= 0.9);
  }
}

TEST_CASE("AuxiliaryClassifier: with a gradient penalty and the strategies that run D themselves") {
  const auto ring = data::Ring{}.dataset();
  using Tiny = MLP<Latent<2>, Data<2>, Hidden<16, 16>>;
  GAN<Tiny, WassersteinLoss, AuxiliaryClassifier<8>, GradientPenalty> gp{{.seed = 1}};
  GAN<Tiny, NonSaturatingLoss, AuxiliaryClassifier<8>, R1Penalty, MinibatchDisc, SpectralNorm> others{{.seed = 1}};
  GAN<Tiny, NonSaturatingLoss, AuxiliaryClassifier<8>, UnrolledD<2>> unrolled{{.seed = 1}};
  GAN<Tiny, NonSaturatingLoss, AuxiliaryClassifier<8>, FeatureMatching, InstanceNoise> fm{{.seed = 1}};
  for (int s = 0; s < 3; ++s) {
    const auto a = gp.train_step(ring, 16);
    CHECK(a.d_penalty > 0);
    CHECK(a.g_penalty > 0);
    CHECK(std::isfinite(others.train_step(ring, 16).d_penalty));
    CHECK(std::isfinite(unrolled.train_step(ring, 16).g_penalty));
    CHECK(std::isfinite(fm.train_step(ring, 16).g_penalty));
  }
}

TEST_CASE("AuxiliaryClassifier: a checkpoint resumes bit for bit") {
  test::check_exact_resume<GAN<MLP<Latent<2>, Data<2>, Hidden<16, 16>>, NonSaturatingLoss, AuxiliaryClassifier<8>>>(
      {.seed = 3});
}
