// Conditional<K, Mode> (Mirza & Osindero 2014; the projection discriminator of Miyato & Koyama
// 2018): the AppendCondition and ClassProjection layers against central differences, the
// networks' types, the labels' path from the data to G and D, class-conditional sampling,
// checkpoints, and conditional GANs on the 25-Gaussian grid that draw each asked-for class.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <type_traits>
#include <span>
#include <vector>

#include <gantk/backend/reference.hpp>
#include <gantk/gantk.hpp>

#include "gradcheck.hpp"
#include "resume_check.hpp"

using namespace gantk;

namespace {

using test::Bd;
using test::Md;
using Rd = ReferenceBackend<double>;

template <class B, int In, class... Specs>
using NetOn = typename Sequential<Specs...>::template bind<B, In>;

/// A random one-hot condition (rows × batch).
Md one_hot_condition(Index rows, Index batch, std::uint64_t seed) {
  Rng rng(seed);
  Md c = Md::Zero(rows, batch);
  for (Index j = 0; j < batch; ++j) c(rng.below(static_cast<std::uint32_t>(rows)), j) = 1;
  return c;
}

template <class N>
void check_conditioned(Index condition_rows, Mode mode = Mode::Train, Index batch = 5) {
  test::NetworkGradCheck<N> c;
  c.mode = mode;
  c.batch = batch;
  c.condition = one_hot_condition(condition_rows, batch, 17);
  c.check_first_order();
  c.check_second_order();
}

using Arch = MLP<Latent<2>, Data<2>, Hidden<64, 64>, DActivation<LeakyReLU<>>>;
using Plain = GAN<Arch, NonSaturatingLoss>;
using Cond = GAN<Arch, NonSaturatingLoss, Conditional<25>>;
using Projected = GAN<Arch, NonSaturatingLoss, Conditional<25, Conditioning::Projection>>;
constexpr Adam kFast{.lr = 1e-3, .beta1 = 0.5, .beta2 = 0.999};

/// The fraction of the columns of x whose nearest centre of `mixture` is `c`.
double share_nearest(const Cond::Matrix& x, const data::GaussianMixture& mixture, int c) {
  Index hits = 0;
  for (Index j = 0; j < x.cols(); ++j) {
    Index nearest = 0;
    (mixture.centers().cast<float>().colwise() - x.col(j)).colwise().squaredNorm().minCoeff(&nearest);
    hits += nearest == c;
  }
  return static_cast<double>(hits) / static_cast<double>(x.cols());
}

/// A labelled dataset that hands out one label outside its classes.
struct BadLabels {
  int width() const { return 2; }
  int classes() const { return 25; }
  template <class T>
  void sample(HostView<T> out, Rng&) const {
    out.setZero();
  }
  template <class T>
  void sample(HostView<T> out, std::span<int> labels, Rng&) const {
    out.setZero();
    std::fill(labels.begin(), labels.end(), 0);
    labels[3] = 25;
  }
};

}  // namespace

// ---- the network types: one AppendCondition first in G and in D ----
static_assert(Cond::classes == 25 && Cond::conditional && Plain::classes == 0 && !Plain::conditional);
static_assert(Cond::GNet::in_width == 2 && Cond::GNet::LayerAt<0>::out_width == 2 + 25);
static_assert(Cond::DNet::in_width == 2 && Cond::DNet::LayerAt<0>::out_width == 2 + 25);
// the first Dense of each network reads K more inputs: K · 64 more weights
static_assert(Cond::GNet::param_count == Plain::GNet::param_count + 25 * 64);
static_assert(Cond::DNet::param_count == Plain::DNet::param_count + 25 * 64);
// projection: D's input is x alone; its head Dense<1> (64 + 1 parameters) becomes ClassProjection<25>
// (64 × 26 + 1): the same linear head plus one 64-wide embedding per class
static_assert(Projected::DNet::LayerAt<0>::in_width == 2 && Projected::DNet::LayerAt<0>::out_width == 64);
static_assert(std::is_same_v<Projected::DNet::LayerAt<Projected::DNet::depth - 1>,
                             ClassProjectionLayer<Projected::B, 64, 25, init::XavierUniform>>);
static_assert(Projected::DNet::param_count == Plain::DNet::param_count + 25 * 64);
static_assert(Projected::GNet::param_count == Cond::GNet::param_count && Projected::classes == 25);
// a declared input width stays in front of the inserted layer
using Declared = GAN<Networks<Latent<3>, Data<2>, Sequential<In<3>, Dense<8>, ReLU, Dense<2>>,
                              Sequential<In<2>, Dense<8>, LeakyReLU<>, Dense<1>>>,
                     NonSaturatingLoss, Conditional<4>, MinibatchDisc>;
static_assert(Declared::GNet::LayerAt<0>::out_width == 3 + 4 && Declared::DNet::LayerAt<0>::out_width == 2 + 4);
// the class-free calls exist only on unconditional GANs, the class calls only on conditional ones
template <class G>
concept ClassCalls = requires(G& g, const typename G::Matrix& m, std::span<const int> l) {
  g.sample_class(3, 1);
  g.generate_from(m, l);
  g.discriminate(m, l);
};
template <class G>
concept ClassFreeDiscriminate = requires(G& g, const typename G::Matrix& m) { g.discriminate(m); };
template <class G>
concept ClassFreeGenerate = requires(G& g, const typename G::Matrix& m) { g.generate_from(m); };
static_assert(ClassCalls<Cond> && !ClassFreeDiscriminate<Cond> && !ClassFreeGenerate<Cond>);
static_assert(!ClassCalls<Plain> && ClassFreeDiscriminate<Plain> && ClassFreeGenerate<Plain>);

TEST_CASE("AppendCondition: forward appends the pass's condition") {
  using N = NetOn<Bd, 3, AppendCondition<4>>;
  N net;
  const Md x = test::random_matrix(3, 6, *std::make_unique<Rng>(2));
  const Md c = one_hot_condition(4, 6, 9);
  typename N::Tape tape;
  const Pass pass = Pass{Mode::Train, nullptr}.with_condition(c.data(), 4, 6);
  const Md y = test::to_md(net.forward(nullptr, nullptr, test::cv<Bd>(x), tape, pass));
  CHECK(y.topRows(3) == x);
  CHECK(y.bottomRows(4) == c);
}

TEST_CASE("AppendCondition: a pass without the condition, or with the wrong one, is an error") {
  using N = NetOn<Bd, 3, AppendCondition<4>>;
  N net;
  const Md x = Md::Zero(3, 6), wrong = Md::Zero(4, 5);
  typename N::Tape tape;
  CHECK_THROWS_WITH_AS(net.forward(nullptr, nullptr, test::cv<Bd>(x), tape, Pass{}),
                       doctest::Contains("carries no condition"), Error);
  CHECK_THROWS_WITH_AS(
      net.forward(nullptr, nullptr, test::cv<Bd>(x), tape, Pass{}.with_condition(wrong.data(), 4, 5)),
      doctest::Contains("the condition is 4 × 5, the pass needs 4 × 6"), Error);
  const std::vector<float> narrow(24, 0.0f);
  CHECK_THROWS_WITH_AS(
      net.forward(nullptr, nullptr, test::cv<Bd>(x), tape, Pass{}.with_condition(narrow.data(), 4, 6)),
      doctest::Contains("4-byte values, the network 8-byte"), Error);
}

TEST_CASE("AppendCondition: gradients and second-order passes (double, CPU and reference backends)") {
  check_conditioned<NetOn<Bd, 3, AppendCondition<4>>>(4);
  check_conditioned<NetOn<Bd, 3, AppendCondition<4>, Dense<5>, Tanh, Dense<2>>>(4);
  check_conditioned<NetOn<Bd, 3, Dense<4>, Tanh, AppendCondition<2>, Dense<3>, LeakyReLU<>, Dense<1>>>(2);
  check_conditioned<NetOn<Bd, 2, AppendCondition<3>, Dense<4>, BatchNorm<>, Tanh, Dense<1>>>(3, Mode::Train, 6);
  check_conditioned<NetOn<Rd, 3, AppendCondition<4>, Dense<5>, Tanh, Dense<2>>>(4);
  check_conditioned<NetOn<Rd, 3, Dense<4>, Tanh, AppendCondition<2>, Dense<1>>>(2);
}

TEST_CASE("ClassProjection: forward is wᵀφ + b + ⟨e_y, φ⟩") {
  using N = NetOn<Bd, 3, ClassProjection<4>>;
  N net;
  Rng rng(3);
  test::Vd p = test::random_matrix(N::param_count, 1, rng);
  const Md x = test::random_matrix(3, 6, rng);
  const Md c = one_hot_condition(4, 6, 9);
  typename N::Tape tape;
  const Pass pass = Pass{Mode::Train, nullptr}.with_condition(c.data(), 4, 6);
  const Md y = test::to_md(net.forward(p.data(), nullptr, test::cv<Bd>(x), tape, pass));
  const Eigen::Map<const Md> w(p.data(), 3, 5);  // [w | e₀ … e₃]
  for (Index j = 0; j < 6; ++j) {
    Index k = 0;
    c.col(j).maxCoeff(&k);
    CHECK(y(0, j) == doctest::Approx(w.col(0).dot(x.col(j)) + p[15] + w.col(1 + k).dot(x.col(j))));
  }
  CHECK_THROWS_WITH_AS(net.forward(p.data(), nullptr, test::cv<Bd>(x), tape, Pass{}),
                       doctest::Contains("carries no condition"), Error);
}

TEST_CASE("ClassProjection: gradients and second-order passes (double, CPU and reference backends)") {
  check_conditioned<NetOn<Bd, 3, ClassProjection<4>>>(4);
  check_conditioned<NetOn<Bd, 3, Dense<5>, Tanh, ClassProjection<3>>>(3);
  check_conditioned<NetOn<Bd, 2, AppendCondition<3>, Dense<4>, LeakyReLU<>, ClassProjection<3>>>(3, Mode::Train, 6);
  check_conditioned<NetOn<Rd, 3, Dense<5>, Tanh, ClassProjection<3>>>(3);
}

TEST_CASE("Conditional: the class reaches G and D, and class sampling is reproducible") {
  Cond gan{{.seed = 4}};
  Rng a(1), b(1), c(1);
  const auto three = gan.sample_class(16, 3, a);
  CHECK(three == gan.sample_class(16, 3, b));
  CHECK(three != gan.sample_class(16, 7, c));  // same z, another class: another output
  const std::vector<int> as_three(16, 3), as_seven(16, 7);
  CHECK(gan.discriminate(three, as_three) != gan.discriminate(three, as_seven));
  // sample_classes: one sample per label, as generate_from with the same codes
  Rng d(6), e(6);
  const std::vector<int> labels{0, 24, 5, 5, 12};
  const auto mixed = gan.sample_classes(labels, d);
  Cond::Matrix z(2, 5);
  e.fill_normal(z.data(), z.size(), 0.0f, 1.0f);
  CHECK(mixed == gan.generate_from(z, labels));
}

TEST_CASE("Conditional: wrong classes are errors naming them") {
  Cond gan{{.seed = 4}};
  CHECK_THROWS_WITH_AS(gan.sample_class(4, 25), doctest::Contains("class 25 (entry 0 of the labels) is outside the 25 classes"),
                       Error);
  CHECK_THROWS_WITH_AS(gan.sample_class(4, -1), doctest::Contains("class -1"), Error);
  const std::vector<int> three(3, 0);
  CHECK_THROWS_WITH_AS(gan.discriminate(Cond::Matrix::Zero(2, 4), three), doctest::Contains("3 labels for 4 samples"),
                       Error);
  CHECK_THROWS_WITH_AS(gan.train_step(data::Ring{}.dataset(), 16),
                       doctest::Contains("the dataset has 8 classes but this GAN was built for Conditional<25>"), Error);
  CHECK_THROWS_WITH_AS(gan.train_step(BadLabels{}, 16),
                       doctest::Contains("sample 3 of step 1 the label 25, outside the 25 classes"), Error);
  CHECK(gan.steps() == 0);  // the failed step was undone
  CHECK_THROWS_WITH_AS(gan.generator()(Cond::Matrix::Zero(2, 3)), doctest::Contains("carries no condition"), Error);
}

TEST_CASE("Conditional: sample() draws classes in proportion to the labels trained on") {
  using Ring4 = GAN<Arch, NonSaturatingLoss, Conditional<4>>;
  Ring4 gan{{.seed = 2, .g_optimizer = kFast, .d_optimizer = kFast}};
  // before training: uniform over the classes
  for (const double f : gan.class_frequencies()) CHECK(f == 0.0);
  const auto ring = data::Ring{.modes = 4, .radius = 2.0, .stddev = 0.05, .weights = {6, 2, 1, 1}}.dataset();
  gan.fit(ring, {.steps = 1500, .batch = 128, .progress = Progress::Silent});
  const auto freq = gan.class_frequencies();  // 192 000 labels seen
  CHECK(freq[0] == doctest::Approx(0.6).epsilon(0.02));
  CHECK(freq[1] == doctest::Approx(0.2).epsilon(0.04));
  CHECK(freq[2] == doctest::Approx(0.1).epsilon(0.06));
  CHECK(freq[3] == doctest::Approx(0.1).epsilon(0.06));
  // G has learnt each class (see the grid test), so sample()'s modes show the classes it drew
  const auto x = gan.sample(6000);
  std::vector<double> share(4, 0.0);
  for (Index j = 0; j < x.cols(); ++j) {
    Index nearest = 0;
    (ring.centers().cast<float>().colwise() - x.col(j)).colwise().squaredNorm().minCoeff(&nearest);
    share[static_cast<std::size_t>(nearest)] += 1.0 / 6000;
  }
  CHECK(share[0] == doctest::Approx(0.6).epsilon(0.08));
  CHECK(share[1] == doctest::Approx(0.2).epsilon(0.2));
  CHECK(share[2] == doctest::Approx(0.1).epsilon(0.3));
  CHECK(share[3] == doctest::Approx(0.1).epsilon(0.3));
  // sample(n, rng, &drawn) says which class each sample was drawn for, from the same draws
  Rng a(11), b(11);
  std::vector<int> drawn;
  const auto y = gan.sample(3000, a, &drawn);
  CHECK(y == gan.sample(3000, b));
  REQUIRE(drawn.size() == 3000);
  std::vector<double> drawn_share(4, 0.0);
  for (const int c : drawn) drawn_share[static_cast<std::size_t>(c)] += 1.0 / 3000;
  CHECK(drawn_share[0] == doctest::Approx(0.6).epsilon(0.06));
  CHECK(drawn_share[1] == doctest::Approx(0.2).epsilon(0.15));
  Index on_own_class = 0;  // each sample lies nearest the centre of the class it was drawn for
  for (Index j = 0; j < y.cols(); ++j) {
    Index nearest = 0;
    (ring.centers().cast<float>().colwise() - y.col(j)).colwise().squaredNorm().minCoeff(&nearest);
    on_own_class += nearest == drawn[static_cast<std::size_t>(j)];
  }
  CHECK(static_cast<double>(on_own_class) / 3000 > 0.8);
}

TEST_CASE("Conditional: on the 25-Gaussian grid, sample_class(c) lands on centre c") {
  const auto grid = data::Grid{}.dataset();
  // several seeds: the result must not hang on one lucky initialisation
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    Cond gan{{.seed = seed, .g_optimizer = kFast, .d_optimizer = kFast}};
    // the control: before training, class c is no more likely near centre c than anywhere
    double untrained = 0;
    for (int c = 0; c < 25; ++c) untrained += share_nearest(gan.sample_class(200, c), grid, c) / 25;
    CHECK(untrained < 0.3);
    gan.fit(grid, {.steps = 2000, .batch = 128, .progress = Progress::Silent});
    for (int c = 0; c < 25; ++c) {
      CAPTURE(c);
      CHECK(share_nearest(gan.sample_class(200, c), grid, c) >= 0.8);  // 1.0 measured, seeds 1-8
    }
  }
}

TEST_CASE("Conditional, projection discriminator: on the 25-Gaussian grid, sample_class(c) lands on centre c") {
  const auto grid = data::Grid{}.dataset();
  for (const std::uint64_t seed : {1u, 2u}) {
    CAPTURE(seed);
    Projected gan{{.seed = seed, .g_optimizer = kFast, .d_optimizer = kFast}};
    const std::vector<int> as_three(8, 3), as_seven(8, 7);
    const auto x = gan.sample_class(8, 3);
    CHECK(gan.discriminate(x, as_three) != gan.discriminate(x, as_seven));  // the class reaches D's head
    gan.fit(grid, {.steps = 2000, .batch = 128, .progress = Progress::Silent});
    for (int c = 0; c < 25; ++c) {
      CAPTURE(c);
      CHECK(share_nearest(gan.sample_class(200, c), grid, c) >= 0.8);  // ≥ 0.99 measured, seeds 1-12
    }
  }
}

TEST_CASE("Conditional, projection discriminator: an image D (DCGAN's) takes the class at its head") {
  using Img = Image<1, 8, 8>;
  using Gan = GAN<Networks<Latent<4>, Data<64>, DcganGenerator<Img>, DcganDiscriminator<Img>>, NonSaturatingLoss,
                  Conditional<3, Conditioning::Projection>>;
  static_assert(Gan::DNet::in_width == 64);
  // three classes of 8 × 8 images: constant −0.5, 0 and 0.5 plus a little noise
  Rng rng(4);
  HostMatrix<float> images(64, 30);
  std::vector<int> labels;
  for (Index k = 0; k < 30; ++k) {
    const int label = static_cast<int>(k % 3);
    for (Index i = 0; i < 64; ++i) images(i, k) = 0.5f * static_cast<float>(label - 1) + 0.05f * rng.normal<float>();
    labels.push_back(label);
  }
  const data::LabeledImages<float> set(images, labels, Shape::image(1, 1, 8, 8), {"dark", "grey", "light"});
  Gan gan{{.seed = 2}};
  for (int s = 0; s < 3; ++s) CHECK(std::isfinite(gan.train_step(set, 6).d_loss));
  const auto x = gan.sample_class(4, 2);
  CHECK(gan.discriminate(x, std::vector<int>(4, 0)) != gan.discriminate(x, std::vector<int>(4, 2)));
}

TEST_CASE("Conditional: the penalties and strategies that run D themselves see the batch's classes") {
  // gradient penalty (interpolates), feature matching (D on real and fake), unrolled D (lookahead),
  // minibatch discrimination and spectral norm (rewrites): a few steps each, finite and moving
  const auto ring = data::Ring{}.dataset();
  using Small = MLP<Latent<2>, Data<2>, Hidden<16, 16>>;
  GAN<Small, WassersteinLoss, Conditional<8>, GradientPenalty> gp{{.seed = 1}};
  GAN<Small, NonSaturatingLoss, Conditional<8>, FeatureMatching> fm{{.seed = 1}};
  GAN<Small, NonSaturatingLoss, Conditional<8>, UnrolledD<2>, MinibatchDisc, SpectralNorm> unrolled{{.seed = 1}};
  using AddedFeatureMatching = FeatureMatchingWith<-2, FeatureMatchingUse::AddToLoss>;
  GAN<Small, WassersteinLoss, Conditional<8, Conditioning::Projection>, GradientPenalty, AddedFeatureMatching> projected{
      {.seed = 1}};
  for (int s = 0; s < 3; ++s) {
    CHECK(gp.train_step(ring, 16).d_penalty > 0);
    CHECK(std::isfinite(fm.train_step(ring, 16).g_loss));
    CHECK(std::isfinite(unrolled.train_step(ring, 16).g_loss));
    const auto info = projected.train_step(ring, 16);
    CHECK(info.d_penalty > 0);
    CHECK(info.g_penalty > 0);
  }
}

TEST_CASE("Conditional: a checkpoint resumes bit for bit, with the class counts") {
  using Ring8 = GAN<MLP<Latent<2>, Data<2>, Hidden<16, 16>>, NonSaturatingLoss, Conditional<8>>;
  test::check_exact_resume<Ring8>({.seed = 3});
  Ring8 trained{{.seed = 3}}, loaded{{.seed = 9}};
  for (int s = 0; s < 5; ++s) trained.train_step(data::Ring{}.dataset(), 16);
  std::vector<unsigned char> state;
  trained.write_state(state);
  loaded.read_state(state.data(), state.size(), "memory");
  CHECK(loaded.class_frequencies() == trained.class_frequencies());
  CHECK(loaded.sample(64) == trained.sample(64));  // sample() draws classes from the counts
}
