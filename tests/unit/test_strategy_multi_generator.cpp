// MultiGenerator<K, Objective> (MAD-GAN, Ghosh et al. 2018; MGAN, Hoang et al. 2018): the
// GeneratorBlocks layer against central differences, the networks' types, the even split of the
// batch between the generators, sampling per generator, D's identification term and MGAN's
// diversity term against central differences, checkpoints, and K generators on the 8-Gaussian ring.
#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <type_traits>
#include <vector>

#include <gantk/backend/reference.hpp>
#include <gantk/gantk.hpp>

#include "gradcheck.hpp"
#include "penalty_check.hpp"
#include "resume_check.hpp"
#include "step_buffers.hpp"
#include "strategy_check.hpp"

using namespace gantk;

namespace {

using test::Bd;
using test::Md;
using Rd = ReferenceBackend<double>;

template <class B, int In, class... Specs>
using NetOn = typename Sequential<Specs...>::template bind<B, In>;

Md random_one_hot(Index rows, Index batch, std::uint64_t seed) {
  Rng rng(seed);
  Md c = Md::Zero(rows, batch);
  for (Index j = 0; j < batch; ++j) c(rng.below(static_cast<std::uint32_t>(rows)), j) = 1;
  return c;
}

template <class N>
void check_blocks(Index k, Index batch = 5) {
  test::NetworkGradCheck<N> c;
  c.batch = batch;
  c.condition = random_one_hot(k, batch, 23);
  c.check_first_order();
  c.check_second_order();
}

using Small = MLP<Latent<3>, Data<2>, Hidden<6, 5>, DActivation<Tanh>>;
template <class... S>
using DoubleGan = GAN<Small, NonSaturatingLoss, Precision<double>, S...>;
using Mad3 = MultiGenerator<3>;
using Mgan3 = MultiGenerator<3, GeneratorObjective::Mgan>;

using RingArch = MLP<Latent<2>, Data<2>, Hidden<64, 64>, DActivation<LeakyReLU<>>>;
constexpr Adam kFast{.lr = 1e-3, .beta1 = 0.5, .beta2 = 0.999};

/// The ring's mode (nearest centre) of each column of x.
template <class M>
std::vector<int> nearest_modes(const M& x, const data::GaussianMixture& ring) {
  std::vector<int> out;
  for (Index j = 0; j < x.cols(); ++j) {
    Index nearest = 0;
    (ring.centers().template cast<typename M::Scalar>().colwise() - x.col(j)).colwise().squaredNorm().minCoeff(&nearest);
    out.push_back(static_cast<int>(nearest));
  }
  return out;
}

/// Per generator, the modes (of 8) that hold at least 20% of its 400 samples; and the union's
/// mode count by mixture_coverage over 2500 samples of gan.sample().
struct RingReport {
  std::vector<std::set<int>> modes_of;
  int modes = 0;
};
template <class Gan, class S>
RingReport ring_report(Gan& gan, const data::GaussianMixture& ring) {
  RingReport r;
  Rng rng(77);
  for (int k = 0; k < S::generators; ++k) {
    const auto x = S::sample_generator(gan, 400, k, rng);
    std::vector<int> count(8, 0);
    for (const int m : nearest_modes(x, ring)) ++count[static_cast<std::size_t>(m)];
    std::set<int> held;
    for (int m = 0; m < 8; ++m)
      if (count[static_cast<std::size_t>(m)] >= 80) held.insert(m);
    r.modes_of.push_back(held);
  }
  r.modes = metrics::mixture_coverage(gan.sample(2500), ring).modes;
  return r;
}

}  // namespace

// ---- the types: GeneratorBlocks<K> first in G, D's head widened by K ----
using Plain = DoubleGan<>;
using Mad = DoubleGan<Mad3>;
static_assert(Mad::generators == 3 && Mad::code_rows == 3 && !Mad::conditional && Plain::generators == 0);
static_assert(std::is_same_v<Mad::GNet::LayerAt<0>, GeneratorBlocksLayer<Mad::B, 3, 3>>);
static_assert(Mad::GNet::LayerAt<0>::out_width == 3 * 3 + 3);
// G's first Dense<6> holds 3 weight matrices (3 × 6 each) and 3 per-generator biases, besides its own
static_assert(Mad::GNet::param_count == Plain::GNet::param_count + 2 * 3 * 6 + 3 * 6);
static_assert(Mad::DNet::LayerAt<Mad::DNet::depth - 2>::out_width == 1 + 3);
static_assert(std::is_same_v<Mad::DNet::LayerAt<Mad::DNet::depth - 1>, AuxiliaryOutputsLayer<Mad::B, 4, 3>>);
// the issue's composition
using IssueType = GAN<MLP<Latent<2>, Data<2>, Hidden<16, 16>>, WassersteinLoss, MultiGenerator<4>, GradientPenalty>;
static_assert(IssueType::generators == 4);
// a one-generator call is gone: G needs to know which generator
template <class G>
concept GeneratorFree = requires(G& g, const typename G::Matrix& m) { g.generate_from(m); };
static_assert(GeneratorFree<Plain> && !GeneratorFree<Mad>);

TEST_CASE("GeneratorBlocks: forward is [c1 x; ...; cK x; c]") {
  using N = NetOn<Bd, 2, GeneratorBlocks<3>>;
  N net;
  typename N::Tape tape;
  Rng rng(3);
  const Md x = test::random_matrix(2, 4, rng);
  const Md c = random_one_hot(3, 4, 5);
  const Md y = net.forward(nullptr, nullptr, Bd::cview(x), tape, Pass{Mode::Train, nullptr}.with_condition(c.data(), 3, 4));
  REQUIRE(y.rows() == 9);
  for (Index j = 0; j < 4; ++j)
    for (int k = 0; k < 3; ++k) {
      CHECK(y(6 + k, j) == c(k, j));
      for (int i = 0; i < 2; ++i) CHECK(y(2 * k + i, j) == c(k, j) * x(i, j));
    }
  CHECK_THROWS_WITH_AS(net.forward(nullptr, nullptr, Bd::cview(x), tape, Pass{Mode::Train, nullptr}),
                       doctest::Contains("GeneratorBlocks<3>: this network is conditional"), Error);
}

TEST_CASE("GeneratorBlocks: gradients and second-order passes (double, CPU and reference backends)") {
  check_blocks<NetOn<Bd, 3, GeneratorBlocks<4>>>(4);
  check_blocks<NetOn<Bd, 3, GeneratorBlocks<4>, Dense<5>, Tanh, Dense<2>>>(4);
  check_blocks<NetOn<Bd, 2, Dense<3>, Tanh, GeneratorBlocks<2>, Dense<3>, Tanh, Dense<1>>>(2);
  check_blocks<NetOn<Rd, 3, GeneratorBlocks<3>, Dense<4>, Tanh, Dense<2>>>(3);
}

TEST_CASE("MultiGenerator: a Dense after GeneratorBlocks is one Dense per generator") {
  // G's first layer for generator k: W_k z + b_k, the rest shared; checked by swapping the code
  Mad gan{{.seed = 4}};
  Rng rng(6);
  Mad::Matrix z(3, 1);
  rng.fill_normal(z.data(), z.size(), 0.0, 1.0);
  const auto a = gan.generate_from(z, std::vector<int>{0});
  const auto b = gan.generate_from(z, std::vector<int>{1});
  CHECK((a - b).norm() > 1e-3);  // different generators: different samples from the same z
  // changing generator 1's block of the first Dense's weights leaves generator 0 unchanged
  auto& p = gan.generator().params;
  const Index out = 6;  // Dense<6>: weights 6 × 12, column-major, then the bias
  for (Index i = 0; i < out; ++i) p[(3 + 0) * out + i] += 0.5;  // column 3: generator 1's first input
  CHECK((gan.generate_from(z, std::vector<int>{0}) == a));
  CHECK((gan.generate_from(z, std::vector<int>{1}) - b).norm() > 1e-3);
}

TEST_CASE("MultiGenerator: the batch is split evenly, sample j by generator j mod K") {
  Mad gan{{.seed = 1}};
  gan.train_step(data::Ring{}.dataset(), 7);  // unlabelled use: the ring's labels are not read
  const auto& bufs = test::step_buffers(gan);
  // G's first layer output carries the code in its last 3 rows
  const auto& code_rows = bufs.g_tape.out[0];
  for (Index j = 0; j < 7; ++j)
    for (int k = 0; k < 3; ++k) CHECK(code_rows(9 + k, j) == (k == j % 3 ? 1.0 : 0.0));
  // works on data without labels
  gan.train_step(data::MatrixDataset<double>(HostMatrix<double>::Random(2, 20)), 6);
}

TEST_CASE("MultiGenerator: sample() picks a generator per sample uniformly; sample_generator fixes it") {
  Mad gan{{.seed = 2}};
  Rng a(9), b(9);
  const auto drawn = Mad3::sample(gan, 600, a);
  REQUIRE(drawn.generator_of.size() == 600);
  std::vector<int> count(3, 0);
  for (const int k : drawn.generator_of) ++count[static_cast<std::size_t>(k)];
  for (const int c : count) CHECK(c > 150);  // 200 expected each
  // the same stream through gan.sample(): the same samples
  CHECK((gan.sample(600, b) == drawn.samples));
  // each column is its generator's G on its z
  Rng c(9);
  Mad::Matrix z(3, 600);
  c.fill_normal(z.data(), z.size(), 0.0, 1.0);
  std::vector<int> again(600);
  for (int& k : again) k = static_cast<int>(c.below(3));
  CHECK(again == drawn.generator_of);
  CHECK((gan.generate_from(z, again) == drawn.samples));
  Rng d(4), e(4);
  const auto second = Mad3::sample_generator(gan, 5, 2, d);
  Mad::Matrix z5(3, 5);
  e.fill_normal(z5.data(), z5.size(), 0.0, 1.0);
  CHECK((second == gan.generate_from(z5, std::vector<int>(5, 2))));
  CHECK_THROWS_WITH_AS(Mad3::sample_generator(gan, 5, 3, d),
                       doctest::Contains("generator 3 is outside the 3 generators of MultiGenerator<3>"), Error);
  CHECK_THROWS_WITH_AS(gan.generate_from(z5, std::vector<int>{0, 1, 2, 3, 0}),
                       doctest::Contains("generator 3 (entry 3 of the generators) is outside the 3 generators"), Error);
}

TEST_CASE("MultiGenerator: D's identification term, gradient in D's parameters against central differences") {
  for (const double lambda : {1.0, 0.7}) {
    Mad gan{{.seed = 2}, Mad3{.lambda = lambda}};
    gan.train_step(data::Ring{}.dataset(), 6);
    Rng rng(5);
    test::Batch<Mad> batch(6, rng);
    auto& d = gan.discriminator();
    const auto term = [&] {
      test::run_d_passes(gan, batch.context(gan, Phase::Discriminator));
      return batch.d_penalty(gan, gan.strategy<Mad3>());
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
    test::check_close(analytic, numeric, 1e-6, "the identification term with respect to D's parameters");
  }
}

TEST_CASE("MultiGenerator<K, Mgan>: G's diversity term, gradient in the fakes against central differences") {
  using Gan = DoubleGan<Mgan3>;
  Gan gan{{.seed = 3}, Mgan3{.beta = 0.6}};
  gan.train_step(data::Ring{}.dataset(), 6);
  Rng rng(4);
  test::ContextData<Gan> data(6, rng);
  test::check_fake_gradient(gan, data, [&] { return data.g_penalty(gan, gan.strategy<Mgan3>()); });
}

TEST_CASE("MultiGenerator: terms reported, MAD-GAN has no G term, bad settings are errors naming them") {
  using Gan = GAN<MLP<Latent<2>, Data<2>, Hidden<16, 16>>, NonSaturatingLoss, MultiGenerator<4>>;
  using GanM = GAN<MLP<Latent<2>, Data<2>, Hidden<16, 16>>, NonSaturatingLoss, MultiGenerator<4, GeneratorObjective::Mgan>>;
  Gan gan{{.seed = 1}};
  const auto info = gan.train_step(data::Ring{}.dataset(), 32);
  CHECK(info.d_penalty == doctest::Approx(std::log(4.0)).epsilon(0.2));  // an untrained head: near log 4
  CHECK(info.g_penalty == 0);
  GanM mgan{{.seed = 1}};
  const auto m = mgan.train_step(data::Ring{}.dataset(), 32);
  CHECK(m.g_penalty == doctest::Approx(0.5 * std::log(4.0)).epsilon(0.2));  // beta = 0.5
  CHECK_THROWS_WITH_AS((Gan{{.seed = 1}, MultiGenerator<4>{.lambda = -1}}),
                       doctest::Contains("MultiGenerator: lambda must be non-negative and finite, got -1"), Error);
  CHECK_THROWS_WITH_AS((Gan{{.seed = 1}, MultiGenerator<4>{.beta = 0.3}}),
                       doctest::Contains("use MultiGenerator<K, GeneratorObjective::Mgan> for MGAN's beta"), Error);
}

TEST_CASE("MultiGenerator: composes with penalties, D rewrites, unrolling, mode seeking, an image GAN") {
  const auto ring = data::Ring{}.dataset();
  using Tiny = MLP<Latent<2>, Data<2>, Hidden<16, 16>>;
  GAN<Tiny, WassersteinLoss, MultiGenerator<4>, GradientPenalty> gp{{.seed = 1}};
  GAN<Tiny, NonSaturatingLoss, MultiGenerator<2, GeneratorObjective::Mgan>, R1Penalty, SpectralNorm, MinibatchDisc,
      InstanceNoise>
      r1{{.seed = 1}};
  GAN<Tiny, HingeLoss, MultiGenerator<3, GeneratorObjective::Mgan>, UnrolledD<2>> unrolled{{.seed = 1}};
  // G run a second time by a strategy (mode seeking): its passes carry the same generator codes
  GAN<Tiny, LeastSquaresLoss, MultiGenerator<4>, ModeSeeking> seeking{{.seed = 1}};
  for (int s = 0; s < 3; ++s) {
    const auto a = gp.train_step(ring, 16);
    CHECK(a.d_penalty > 0);
    CHECK(std::isfinite(a.g_loss));
    CHECK(r1.train_step(ring, 16).g_penalty > 0);
    CHECK(unrolled.train_step(ring, 16).g_penalty > 0);
    CHECK(seeking.train_step(ring, 16).g_penalty != 0);
  }
  // an image GAN: GeneratorBlocks before DCGAN G's first Dense (flat z), D's head after its convolutions
  GAN<DCGAN<Latent<16>, Image<1, 8, 8>>, NonSaturatingLoss, MultiGenerator<3, GeneratorObjective::Mgan>> dcgan{
      {.seed = 1}};
  static_assert(decltype(dcgan)::GNet::LayerAt<0>::out_width == 3 * 16 + 3);
  const HostMatrix<float> images = HostMatrix<float>::Random(64, 30);
  const auto step = dcgan.train_step(data::MatrixDataset<float>(images), 6);
  CHECK(step.d_penalty > 0);
  CHECK(step.g_penalty > 0);
}

TEST_CASE("MultiGenerator: a checkpoint resumes bit for bit") {
  test::check_exact_resume<GAN<MLP<Latent<2>, Data<2>, Hidden<16, 16>>, NonSaturatingLoss, MultiGenerator<4>>>(
      {.seed = 3});
  test::check_exact_resume<
      GAN<MLP<Latent<2>, Data<2>, Hidden<16, 16>>, WassersteinLoss, MultiGenerator<2, GeneratorObjective::Mgan>,
          GradientPenalty>>({.seed = 5});
}

TEST_CASE("MultiGenerator: on the 8-Gaussian ring the 4 generators share out the modes") {
  // measured (5000 steps, seeds 1-5, -O2): every generator holds 1-3 modes (>= 20% of its samples
  // each), no mode is held by two generators, the union covers 7-8 modes by mixture_coverage and
  // D's head names the generator of 97-100% of the fakes; MGAN alike (its head 100%)
  const auto ring = data::Ring{}.dataset();
  const auto check = [&](auto& gan, auto* strategy) {
    using S = std::remove_pointer_t<decltype(strategy)>;
    gan.fit(ring, {.steps = 5000, .batch = 128, .progress = Progress::Silent});
    const RingReport r = ring_report<std::remove_reference_t<decltype(gan)>, S>(gan, ring);
    std::set<int> held;
    std::size_t total = 0;
    for (const auto& modes : r.modes_of) {
      CHECK(modes.size() >= 1);
      CHECK(modes.size() <= 4);  // a generator takes part of the ring, not all of it
      held.insert(modes.begin(), modes.end());
      total += modes.size();
    }
    CHECK(held.size() >= 7);
    CHECK(total <= held.size() + 1);  // at most one mode shared by two generators
    CHECK(r.modes >= 7);
    CHECK(gan.template strategy<S>().identification_accuracy() >= 0.9);
  };
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    using Mad4 = MultiGenerator<4>;
    using Mgan4 = MultiGenerator<4, GeneratorObjective::Mgan>;
    GAN<RingArch, NonSaturatingLoss, Mad4> mad{{.seed = seed, .g_optimizer = kFast, .d_optimizer = kFast}};
    check(mad, static_cast<Mad4*>(nullptr));
    GAN<RingArch, NonSaturatingLoss, Mgan4> mgan{{.seed = seed, .g_optimizer = kFast, .d_optimizer = kFast}};
    check(mgan, static_cast<Mgan4*>(nullptr));
  }
  // the control: without the identification term (lambda = 0) D's head is not trained and names
  // the generator of few fakes (0.00-0.38 measured, seeds 1-5), while the generators, each with
  // its own first layer, still split the ring between them
  using Mad4 = MultiGenerator<4>;
  GAN<RingArch, NonSaturatingLoss, Mad4> blind{{.seed = 1, .g_optimizer = kFast, .d_optimizer = kFast},
                                               Mad4{.lambda = 0}};
  blind.fit(ring, {.steps = 5000, .batch = 128, .progress = Progress::Silent});
  CHECK(blind.strategy<Mad4>().identification_accuracy() < 0.6);
}
