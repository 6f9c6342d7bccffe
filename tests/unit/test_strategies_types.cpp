// Strategies that change the networks' types: what D (and G) become, checked at compile time,
// and that each transformed GAN trains.
#include <doctest/doctest.h>

#include <gantk/gantk.hpp>

#include "step_buffers.hpp"

using namespace gantk;

namespace {
using Arch = MLP<Latent<2>, Data<2>, Hidden<16, 16>>;
template <class... S>
using Gan = GAN<Arch, NonSaturatingLoss, S...>;
template <class G, std::size_t I>
using DLayer = typename G::DNet::template LayerAt<I>;
template <class G, std::size_t I>
using GLayer = typename G::GNet::template LayerAt<I>;
using Bf = CpuBackend<float>;

FitOptions quiet(long steps, Index batch) { return {.steps = steps, .batch = batch, .progress = Progress::Silent}; }
}  // namespace

TEST_CASE("PacGAN<m> makes D's input m·d wide and D judge batch/m packs") {
  using Plain = Gan<>;
  using Pac3 = Gan<PacGAN<3>>;
  static_assert(Plain::DNet::in_width == 2);
  static_assert(Pac3::pack == 3 && Pac3::d_input_width == 6 && Pac3::DNet::in_width == 6);
  static_assert(std::is_same_v<DLayer<Pac3, 0>, DenseLayer<Bf, 6, 16, init::XavierUniform>>);
  static_assert(Gan<PacGAN<2>, PacGAN<2>>::pack == 4);  // several packings multiply
  // a D written for d-wide samples (In<d>) is rewritten for packs
  using Declared = Networks<Latent<2>, Data<2>, Sequential<Dense<8>, ReLU, Dense<2>>,
                            Sequential<In<2>, Dense<8>, ReLU, Dense<1>>>;
  static_assert(GAN<Declared, NonSaturatingLoss, PacGAN<4>>::DNet::in_width == 8);

  Pac3 gan{{.seed = 1}};
  const auto ring = data::Ring{}.dataset();
  const auto info = gan.train_step(ring, 12);
  CHECK(std::isfinite(info.d_loss));
  CHECK(test::step_buffers(gan).d_fake_tape.batch == 4);  // 12 samples, 4 packs
  CHECK(gan.discriminate(gan.sample(9)).cols() == 3);
}

TEST_CASE("PacGAN: a batch that is not a multiple of the pack size is an error naming both") {
  Gan<PacGAN<4>> gan{{.seed = 1}};
  const auto ring = data::Ring{}.dataset();
  CHECK_THROWS_WITH_AS(gan.train_step(ring, 10), doctest::Contains("batch size 10 is not a multiple of the pack size 4"),
                       Error);
  CHECK_THROWS_WITH_AS(gan.fit(ring, quiet(1, 6)), doctest::Contains("pack size 4"), Error);
  CHECK_NOTHROW(gan.train_step(ring, 8));
}

TEST_CASE("MinibatchDisc and MinibatchStdDev insert their layer before D's head") {
  using Mbd = Gan<MinibatchDiscWith<5, 3>>;
  static_assert(Mbd::DNet::depth == Gan<>::DNet::depth + 1);
  static_assert(std::is_same_v<DLayer<Mbd, 4>, MinibatchDiscFeaturesLayer<Bf, 16, 5, 3, init::Normal<1, 20>>>);
  static_assert(DLayer<Mbd, 5>::in_width == 16 + 5 && DLayer<Mbd, 5>::out_width == 1);
  using Std = Gan<MinibatchStdDev>;
  static_assert(std::is_same_v<DLayer<Std, 4>, MinibatchStdDevLayer<Bf, 16>>);
  static_assert(DLayer<Std, 5>::in_width == 17);
  // both, with packing: the order of the strategies is the order of insertion
  using Both = Gan<PacGAN<2>, MinibatchDiscWith<4, 2>, MinibatchStdDev>;
  static_assert(Both::DNet::in_width == 4);
  static_assert(std::is_same_v<DLayer<Both, 4>, MinibatchDiscFeaturesLayer<Bf, 16, 4, 2, init::Normal<1, 20>>>);
  static_assert(std::is_same_v<DLayer<Both, 5>, MinibatchStdDevLayer<Bf, 20>>);
  static_assert(DLayer<Both, 6>::in_width == 21);
  static_assert(Both::GNet::depth == Gan<>::GNet::depth);  // G untouched

  Both gan{{.seed = 2}};
  const auto ring = data::Ring{}.dataset();
  for (int i = 0; i < 3; ++i) CHECK(std::isfinite(gan.train_step(ring, 16).d_loss));
}

TEST_CASE("SpectralNorm replaces every Dense layer of D, and only of D") {
  using Sn = Gan<SpectralNorm>;
  static_assert(std::is_same_v<DLayer<Sn, 0>, SpectralDenseLayer<Bf, 2, 16, init::XavierUniform, PowerIteration::External>>);
  static_assert(std::is_same_v<DLayer<Sn, 1>, DLayer<Gan<>, 1>>);  // the activation stays
  static_assert(std::is_same_v<DLayer<Sn, 4>, SpectralDenseLayer<Bf, 16, 1, init::XavierUniform, PowerIteration::External>>);
  static_assert(std::is_same_v<GLayer<Sn, 0>, GLayer<Gan<>, 0>>);
  static_assert(Sn::DNet::state_count == (16 + 2) + (16 + 16) + (1 + 16));  // u and v per layer
  // with MinibatchDisc: the minibatch layer is not a Dense layer and stays as it is
  using SnMbd = Gan<MinibatchDiscWith<3, 2>, SpectralNorm>;
  static_assert(std::is_same_v<DLayer<SnMbd, 4>, MinibatchDiscFeaturesLayer<Bf, 16, 3, 2, init::Normal<1, 20>>>);
  static_assert(DLayer<SnMbd, 5>::iteration == PowerIteration::External);
}

TEST_CASE("HiddenDropout inserts Dropout after each hidden activation of the chosen networks") {
  using Dd = Gan<HiddenDropout<0.25>>;
  static_assert(Dd::DNet::depth == Gan<>::DNet::depth + 2);
  static_assert(std::is_same_v<DLayer<Dd, 2>, DropoutLayer<Bf, 16, 0.25>>);
  static_assert(std::is_same_v<DLayer<Dd, 5>, DropoutLayer<Bf, 16, 0.25>>);
  static_assert(Dd::GNet::depth == Gan<>::GNet::depth);
  using Dg = Gan<HiddenDropout<0.1, DropoutIn::Generator>>;
  static_assert(Dg::GNet::depth == Gan<>::GNet::depth + 2 && Dg::DNet::depth == Gan<>::DNet::depth);
  using Both = Gan<HiddenDropout<0.1, DropoutIn::Both>>;
  static_assert(Both::GNet::depth == Gan<>::GNet::depth + 2 && Both::DNet::depth == Gan<>::DNet::depth + 2);
  // a last activation is the output and gets no dropout; Maxout counts as a hidden non-linearity
  using G = Sequential<Dense<8>, Tanh, Dense<2>, Tanh>;
  using D = Sequential<Maxout<8, 2>, Maxout<8, 2>, Dense<1>>;
  using Custom = GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss, HiddenDropout<0.5, DropoutIn::Both>>;
  static_assert(Custom::GNet::depth == 5 && Custom::DNet::depth == 5);
  static_assert(std::is_same_v<GLayer<Custom, 4>, ElementwiseLayer<Bf, 2, fn::Tanh>>);
  static_assert(std::is_same_v<GLayer<Custom, 2>, DropoutLayer<Bf, 8, 0.5>>);

  Both gan{{.seed = 3}};
  const auto ring = data::Ring{}.dataset();
  for (int i = 0; i < 3; ++i) CHECK(std::isfinite(gan.train_step(ring, 16).d_loss));
  // Eval mode (sample) is deterministic: dropout is off there
  Rng a(5), b(5);
  CHECK(gan.sample(8, a) == gan.sample(8, b));
}

TEST_CASE("every type-changing strategy at once") {
  using All = Gan<PacGAN<2>, MinibatchDiscWith<4, 2>, MinibatchStdDev, SpectralNorm, HiddenDropout<0.2>>;
  static_assert(All::DNet::in_width == 4);
  All gan{{.seed = 4}};
  const auto grid = data::Grid{}.dataset();
  for (int i = 0; i < 3; ++i) CHECK(std::isfinite(gan.train_step(grid, 32).d_loss));
}
