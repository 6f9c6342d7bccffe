// InfoGan<C, M> (Chen et al. 2016): the codes in G's latent vector (training and sample()), the
// Q head's terms against central differences (D's parameters and G's fakes, double), and InfoGAN
// on the 8-Gaussian ring, whose 8-way categorical code comes to pick out the 8 modes.
#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>
#include <vector>

#include <gantk/gantk.hpp>

#include "gradcheck.hpp"
#include "penalty_check.hpp"
#include "resume_check.hpp"
#include "step_buffers.hpp"
#include "strategy_check.hpp"

using namespace gantk;

namespace {

using test::Md;

using Small = MLP<Latent<6>, Data<2>, Hidden<6, 5>, DActivation<Tanh>>;
template <class... S>
using DoubleGan = GAN<Small, NonSaturatingLoss, Precision<double>, S...>;

using RingArch = MLP<Latent<10>, Data<2>, Hidden<64, 64>, DActivation<LeakyReLU<>>>;
using Info = InfoGan<8>;
using RingInfo = GAN<RingArch, NonSaturatingLoss, Info>;
constexpr Adam kFast{.lr = 1e-3, .beta1 = 0.5, .beta2 = 0.999};

/// The accuracy of the best one-to-one assignment of the 8 categories to the ring's modes, over
/// 250 samples per category.
double ring_assignment_accuracy(const RingInfo& gan, const data::GaussianMixture& ring) {
  Rng rng(99);
  std::vector<RingInfo::Matrix> per_code;
  for (int k = 0; k < 8; ++k) per_code.push_back(Info::sample_category(gan, 250, k, rng));
  return metrics::code_mode_assignment(per_code, ring.centers()).accuracy;
}

}  // namespace

// ---- the types: G's input is Latent<z> (the codes are its first rows), D's head gains C + M outputs ----
using Mixed = DoubleGan<InfoGan<3, 2>>;
static_assert(Mixed::GNet::in_width == 6 && Mixed::latent_width == 6);
static_assert(Mixed::DNet::LayerAt<Mixed::DNet::depth - 2>::out_width == 1 + 3 + 2);
static_assert(std::is_same_v<Mixed::DNet::LayerAt<Mixed::DNet::depth - 1>, AuxiliaryOutputsLayer<Mixed::B, 6, 5>>);
static_assert(!Mixed::conditional);  // no labels: it trains on any dataset

TEST_CASE("InfoGan: the codes are the first rows of z in training, and sample() draws them too") {
  using S = InfoGan<3, 2>;
  Mixed gan{{.seed = 1}};
  gan.train_step(data::MatrixDataset<double>(HostMatrix<double>::Random(2, 20)), 7);  // unlabelled data
  const auto& z = test::step_buffers(gan).z;
  const auto codes = gan.strategy<S>().last_codes();
  for (Index j = 0; j < 7; ++j) {
    double ones = 0;
    for (int i = 0; i < 3; ++i) {
      CHECK((z(i, j) == 0.0 || z(i, j) == 1.0));
      ones += z(i, j);
    }
    CHECK(ones == 1.0);
    for (int i = 3; i < 5; ++i) CHECK(std::abs(z(i, j)) <= 1.0);
    for (int i = 0; i < 5; ++i) CHECK(codes[static_cast<std::size_t>(j * 5 + i)] == z(i, j));
  }
  // sample(): noise, then codes from their prior, then G
  Rng a(4), b(4);
  Mixed::Matrix zz(6, 9);
  b.fill_normal(zz.data(), zz.size(), 0.0, 1.0);
  gan.strategy<S>().draw_codes(Mixed::B::view(zz), b);
  CHECK(gan.sample(9, a) == gan.generate_from(zz));
  // sample_category: the category fixed
  Rng c(5), d(5);
  const auto second = S::sample_category(gan, 4, 1, c);
  zz.resize(6, 4);
  d.fill_normal(zz.data(), zz.size(), 0.0, 1.0);
  gan.strategy<S>().draw_codes(Mixed::B::view(zz), d, 1);
  for (Index j = 0; j < 4; ++j) CHECK((zz(0, j) == 0.0 && zz(1, j) == 1.0 && zz(2, j) == 0.0));
  CHECK(second == gan.generate_from(zz));
  Rng e(5);
  CHECK_THROWS_WITH_AS(S::sample_category(gan, 4, 3, e),
                       doctest::Contains("category 3 is outside the 3 categories"), Error);
}

TEST_CASE("InfoGan: Q's term, gradient in D's parameters against central differences") {
  using S = InfoGan<3, 2>;
  Mixed gan{{.seed = 2}, S{.lambda = 0.8, .continuous_lambda = 0.3}};
  const auto ring = data::Ring{}.dataset();
  gan.train_step(ring, 6);  // the GAN's buffers, and a batch's codes
  Rng rng(5);
  test::Batch<Mixed> batch(6, rng);
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
  test::check_close(analytic, numeric, 1e-6, "Q's term with respect to D's parameters");
}

TEST_CASE("InfoGan: G's term, gradient in the fakes against central differences, each code kind") {
  Rng rng(4);
  SUBCASE("categorical and continuous") {
    using S = InfoGan<3, 2>;
    Mixed gan{{.seed = 3}, S{.lambda = 1.2, .continuous_lambda = 0.5}};
    gan.train_step(data::Ring{}.dataset(), 6);
    test::ContextData<Mixed> data(6, rng);
    test::check_fake_gradient(gan, data, [&] { return data.g_penalty(gan, gan.strategy<S>()); });
  }
  SUBCASE("continuous only") {
    using S = InfoGan<0, 2>;
    using Gan = DoubleGan<S>;
    Gan gan{{.seed = 3}};
    gan.train_step(data::Ring{}.dataset(), 6);
    test::ContextData<Gan> data(6, rng);
    test::check_fake_gradient(gan, data, [&] { return data.g_penalty(gan, gan.strategy<S>()); });
  }
}

TEST_CASE("InfoGan: its terms are reported, and bad weights are errors naming them") {
  using Gan = GAN<MLP<Latent<10>, Data<2>, Hidden<16, 16>>, NonSaturatingLoss, Info>;
  Gan gan{{.seed = 1}};
  const auto info = gan.train_step(data::Ring{}.dataset(), 32);
  // an untrained Q of 8 categories: cross-entropy near log 8
  CHECK(info.d_penalty == doctest::Approx(std::log(8.0)).epsilon(0.2));
  CHECK(info.g_penalty == doctest::Approx(std::log(8.0)).epsilon(0.2));
  CHECK_THROWS_WITH_AS((Gan{{.seed = 1}, Info{.lambda = -0.5}}),
                       doctest::Contains("InfoGan: lambda must be non-negative and finite, got -0.5"), Error);
}

TEST_CASE("InfoGan: on the 8-Gaussian ring the categories come to pick out the modes") {
  // accuracy of the best one-to-one assignment of the 8 categories to the 8 modes (nearest centre):
  // 1.0 in every one of seeds 1-10 after 1500 steps (and with Hidden<128, 128>, after 1500 and 3000)
  const auto ring = data::Ring{}.dataset();
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    RingInfo gan{{.seed = seed, .g_optimizer = kFast, .d_optimizer = kFast}};
    CHECK(ring_assignment_accuracy(gan, ring) < 0.5);
    gan.fit(ring, {.steps = 1500, .batch = 128, .progress = Progress::Silent});
    CHECK(ring_assignment_accuracy(gan, ring) >= 0.9);
    CHECK(gan.strategy<Info>().code_accuracy() >= 0.9);  // Q recovers the category of G's samples
  }
  // the control: the same codes in z without the information term (lambda = 0) are not tied to
  // modes (0.18-0.56 measured, seeds 1-3; 0.33-0.60 with Hidden<128, 128>)
  RingInfo ignored{{.seed = 1, .g_optimizer = kFast, .d_optimizer = kFast}, Info{.lambda = 0}};
  ignored.fit(ring, {.steps = 1500, .batch = 128, .progress = Progress::Silent});
  CHECK(ring_assignment_accuracy(ignored, ring) < 0.75);
}

TEST_CASE("InfoGan: with penalties, D rewrites, unrolling and class conditioning") {
  const auto ring = data::Ring{}.dataset();
  using Tiny = MLP<Latent<6>, Data<2>, Hidden<16, 16>>;
  GAN<Tiny, WassersteinLoss, InfoGan<4>, GradientPenalty, MinibatchDisc> gp{{.seed = 1}};
  GAN<Tiny, NonSaturatingLoss, InfoGan<2, 1>, R1Penalty, SpectralNorm, InstanceNoise> r1{{.seed = 1}};
  GAN<Tiny, NonSaturatingLoss, InfoGan<4>, UnrolledD<2>> unrolled{{.seed = 1}};
  // a class-conditional InfoGAN: the class from the data, the codes within the class
  GAN<Tiny, NonSaturatingLoss, Conditional<8>, InfoGan<4>> conditional{{.seed = 1}};
  for (int s = 0; s < 3; ++s) {
    const auto a = gp.train_step(ring, 16);
    CHECK(a.d_penalty > 0);
    CHECK(a.g_penalty > 0);
    CHECK(r1.train_step(ring, 16).g_penalty > 0);
    CHECK(unrolled.train_step(ring, 16).g_penalty > 0);
    CHECK(conditional.train_step(ring, 16).g_penalty > 0);
  }
  // class sampling draws the codes from their prior as sample() does
  Rng a(8), b(8);
  using Cond = decltype(conditional);
  Cond::Matrix z(6, 5);
  b.fill_normal(z.data(), z.size(), 0.0f, 1.0f);
  conditional.strategy<InfoGan<4>>().draw_codes(Cond::B::view(z), b);
  CHECK(conditional.sample_class(5, 3, a) == conditional.generate_from(z, std::vector<int>(5, 3)));
}

TEST_CASE("InfoGan: a checkpoint resumes bit for bit, with its code stream") {
  test::check_exact_resume<GAN<MLP<Latent<4>, Data<2>, Hidden<16, 16>>, NonSaturatingLoss, InfoGan<2, 1>>>(
      {.seed = 3});
}
