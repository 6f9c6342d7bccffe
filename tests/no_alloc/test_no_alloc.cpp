// Proves that a training step allocates nothing once its workspaces exist: every malloc in the
// process (ours, Eigen's, the C++ library's, OpenMP's) goes through the counting wrapper below.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>

#include <gantk/gantk.hpp>

extern "C" void* __libc_malloc(std::size_t);
extern "C" void* __libc_calloc(std::size_t, std::size_t);
extern "C" void* __libc_realloc(void*, std::size_t);
extern "C" void* __libc_memalign(std::size_t, std::size_t);

namespace {
std::atomic<long> g_allocations{0};
std::atomic<bool> g_counting{false};
void count() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

extern "C" {
void* malloc(std::size_t n) {
  count();
  return __libc_malloc(n);
}
void* calloc(std::size_t a, std::size_t b) {
  count();
  return __libc_calloc(a, b);
}
void* realloc(void* p, std::size_t n) {
  count();
  return __libc_realloc(p, n);
}
int posix_memalign(void** out, std::size_t align, std::size_t n) {
  count();
  *out = __libc_memalign(align, n);
  return *out ? 0 : 12;
}
void* aligned_alloc(std::size_t align, std::size_t n) {
  count();
  return __libc_memalign(align, n);
}
}

namespace {
template <class Gan, class Data>
long allocations_in_steps(Gan& gan, const Data& data, gantk::Index batch, int steps) {
  gan.train_step(data, batch);  // sizes the workspaces
  gan.train_step(data, batch);
  g_allocations = 0;
  g_counting = true;
  for (int i = 0; i < steps; ++i) gan.train_step(data, batch);
  g_counting = false;
  return g_allocations.load();
}
}  // namespace

TEST_CASE("the wrapper sees allocations (the check can fail)") {
  g_allocations = 0;
  g_counting = true;
  auto* v = new std::vector<int>(1000);
  Eigen::MatrixXf m(300, 300);
  m.setZero();
  g_counting = false;
  delete v;
  CHECK(g_allocations.load() >= 2);
}

TEST_CASE("no heap allocation inside a training step: ring workload") {
  using Ring = gantk::GAN<gantk::MLP<gantk::Latent<2>, gantk::Data<2>, gantk::Hidden<128, 128>>, gantk::NonSaturatingLoss>;
  Ring gan{{.seed = 3}};
  const auto data = gantk::data::Ring{}.dataset();
  CHECK(allocations_in_steps(gan, data, 256, 5) == 0);
}

TEST_CASE("no heap allocation inside a training step: ring_pac sizes, BatchNorm, Maxout, n_critic 3") {
  using namespace gantk;
  using G = Sequential<Dense<400>, BatchNorm<>, ReLU, Dense<400>, ReLU, Dense<2>>;
  using D = Sequential<Maxout<200, 2>, Maxout<200, 2>, Dense<1>>;
  GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss> gan{{.seed = 4, .n_critic = 3}};
  const auto data = data::Grid{}.dataset();
  CHECK(allocations_in_steps(gan, data, 100, 3) == 0);
}

TEST_CASE("no heap allocation inside a training step: WGAN-GP, R1, R2 and DRAGAN on the ring workload") {
  using namespace gantk;
  using Arch = MLP<Latent<2>, Data<2>, Hidden<128, 128>>;
  const auto data = data::Ring{}.dataset();
  GAN<Arch, WassersteinLoss, GradientPenalty> wgan_gp{{.seed = 3}};
  CHECK(allocations_in_steps(wgan_gp, data, 256, 3) == 0);
  GAN<Arch, NonSaturatingLoss, R1Penalty, R2Penalty> r1_r2{{.seed = 3}};
  CHECK(allocations_in_steps(r1_r2, data, 256, 3) == 0);
  GAN<Arch, NonSaturatingLoss, DRAGANPenalty> dragan{{.seed = 3}};
  CHECK(allocations_in_steps(dragan, data, 256, 3) == 0);
}

TEST_CASE("no heap allocation inside a training step: penalties with BatchNorm and Maxout in D, weight clipping") {
  using namespace gantk;
  using G = Sequential<Dense<64>, ReLU, Dense<2>>;
  using D = Sequential<Maxout<64, 2>, BatchNorm<>, LeakyReLU<>, Dense<1>>;
  GAN<Networks<Latent<2>, Data<2>, G, D>, WassersteinLoss, GradientPenalty> gp{{.seed = 4}};
  CHECK(allocations_in_steps(gp, data::Grid{}.dataset(), 100, 2) == 0);
  GAN<MLP<Latent<2>, Data<2>, Hidden<64>>, WassersteinLoss, WeightClipping> clipped{{.seed = 4}};
  CHECK(allocations_in_steps(clipped, data::Grid{}.dataset(), 100, 2) == 0);
}

TEST_CASE("no heap allocation inside a training step: UnrolledD, exact and first order") {
  using namespace gantk;
  using Arch = MLP<Latent<2>, Data<2>, Hidden<64, 64>>;
  const auto data = data::Ring{}.dataset();
  GAN<Arch, NonSaturatingLoss, UnrolledD<3>> exact{{.seed = 5}};
  CHECK(allocations_in_steps(exact, data, 128, 2) == 0);
  GAN<Arch, RelativisticLoss, UnrolledD<3>> relativistic{{.seed = 5}};
  CHECK(allocations_in_steps(relativistic, data, 128, 2) == 0);
  GAN<Arch, WassersteinLoss, GradientPenalty, UnrolledD<3, Unroll::FirstOrder>> first{{.seed = 5}};
  CHECK(allocations_in_steps(first, data, 128, 2) == 0);
}

TEST_CASE("no heap allocation inside a training step: class-conditional GANs (labels, one-hot codes, counts)") {
  using namespace gantk;
  using Arch = MLP<Latent<2>, Data<2>, Hidden<64, 64>>;
  const auto grid = data::Grid{}.dataset();
  GAN<Arch, NonSaturatingLoss, Conditional<25>> plain{{.seed = 6, .n_critic = 2}};
  CHECK(allocations_in_steps(plain, grid, 128, 3) == 0);
  GAN<Arch, WassersteinLoss, Conditional<25>, GradientPenalty> gp{{.seed = 6}};
  CHECK(allocations_in_steps(gp, grid, 128, 2) == 0);
  GAN<Arch, WassersteinLoss, Conditional<25, Conditioning::Projection>, GradientPenalty> projected{{.seed = 6}};
  CHECK(allocations_in_steps(projected, grid, 128, 2) == 0);
  GAN<Arch, WassersteinLoss, Conditional<25>, ClassPacking<4>, GradientPenalty> packed{{.seed = 6, .n_critic = 2}};
  CHECK(allocations_in_steps(packed, grid, 128, 2) == 0);
  GAN<Arch, WassersteinLoss, AuxiliaryClassifier<25>, GradientPenalty> acgan{{.seed = 6, .n_critic = 2}};
  CHECK(allocations_in_steps(acgan, grid, 128, 2) == 0);
  GAN<MLP<Latent<12>, Data<2>, Hidden<64, 64>>, NonSaturatingLoss, InfoGan<8, 2>> infogan{{.seed = 6, .n_critic = 2}};
  CHECK(allocations_in_steps(infogan, grid, 128, 2) == 0);
}

TEST_CASE("no heap allocation inside a training step: multiple generators (codes, identification head)") {
  using namespace gantk;
  using Arch = MLP<Latent<2>, Data<2>, Hidden<64, 64>>;
  const auto ring = data::Ring{}.dataset();
  GAN<Arch, WassersteinLoss, MultiGenerator<4>, GradientPenalty> gp{{.seed = 6, .n_critic = 2}};
  CHECK(allocations_in_steps(gp, ring, 128, 2) == 0);
  GAN<Arch, NonSaturatingLoss, MultiGenerator<5, GeneratorObjective::Mgan>> mgan{{.seed = 6}};
  CHECK(allocations_in_steps(mgan, ring, 130, 3) == 0);
}

// ---- strategies: every buffer is sized in prepare(), none inside a step ----
namespace {
using StrategyArch = gantk::MLP<gantk::Latent<2>, gantk::Data<2>, gantk::Hidden<32, 32>>;
template <class... S>
long strategy_step_allocations(int n_critic = 1) {
  gantk::GAN<StrategyArch, gantk::NonSaturatingLoss, S...> gan{{.seed = 5, .n_critic = n_critic}};
  const auto data = gantk::data::Ring{}.dataset();
  return allocations_in_steps(gan, data, 64, 4);
}
}  // namespace

TEST_CASE("no heap allocation inside a training step: noise and replay strategies") {
  using namespace gantk;
  CHECK(strategy_step_allocations<InstanceNoise>() == 0);
  CHECK(strategy_step_allocations<GeneratorNoise>() == 0);
  CHECK(strategy_step_allocations<ExperienceReplay>(2) == 0);
}

TEST_CASE("no heap allocation inside a training step: G-side terms and D-side regularisers") {
  using namespace gantk;
  CHECK(strategy_step_allocations<FeatureMatching>() == 0);
  CHECK(strategy_step_allocations<FeatureMatchingWith<1, FeatureMatchingUse::AddToLoss>>() == 0);
  CHECK(strategy_step_allocations<ModeSeeking, LabelSmoothing, WeightDecay>() == 0);
}

TEST_CASE("no heap allocation inside a training step: strategies that change D's type") {
  using namespace gantk;
  CHECK(strategy_step_allocations<PacGAN<4>, MinibatchDisc, MinibatchStdDev>() == 0);
  CHECK(strategy_step_allocations<SpectralNorm, HiddenDropout<0.3, DropoutIn::Both>>() == 0);
}

TEST_CASE("no heap allocation inside a training step: image GANs (convolutions, BatchNorm2d, pooling, up-sampling)") {
  using namespace gantk;
  // a DCGAN-shaped pair on 8 × 8 images, with every image layer in it
  using G = Sequential<Dense<4 * 4 * 4>, BatchNorm<>, ReLU, Reshape<4, 4, 4>, Upsample<2, UpsampleMode::Bilinear>,
                       Conv2d<4, 3, 1, 1>, BatchNorm2d, ReLU, ConvTranspose2d<1, 3, 1, 1>, Tanh>;
  using D = Sequential<Image<1, 8, 8>, Conv2d<4, 3, 1, 1>, LeakyReLU<1, 5>, AvgPool<2>, Conv2d<8, 4, 2, 1>,
                       BatchNorm2d, LeakyReLU<1, 5>, Dense<1>>;
  using Arch = Networks<Latent<8>, Data<64>, G, D>;
  HostMatrix<float> images(64, 256);
  Rng rng(2);
  rng.fill_uniform(images.data(), images.size(), -1.0f, 1.0f);
  const data::MatrixDataset<float> data(std::move(images));
  GAN<Arch, NonSaturatingLoss> plain{{.seed = 6}};
  CHECK(allocations_in_steps(plain, data, 32, 3) == 0);
  GAN<Arch, NonSaturatingLoss, PacGAN<2>, R1Penalty> packed_r1{{.seed = 6}};
  CHECK(allocations_in_steps(packed_r1, data, 32, 2) == 0);
  GAN<DCGAN<Latent<100>, Image<1, 28, 28>>, NonSaturatingLoss> dcgan{{.seed = 6}};
  HostMatrix<float> fashion_sized(784, 128);
  rng.fill_uniform(fashion_sized.data(), fashion_sized.size(), -1.0f, 1.0f);
  CHECK(allocations_in_steps(dcgan, data::MatrixDataset<float>(std::move(fashion_sized)), 64, 2) == 0);
}

TEST_CASE("no heap allocation inside a training step: discriminator heads (GMAN's soft-mean)") {
  using namespace gantk;
  using Arch = MLP<Latent<2>, Data<2>, Hidden<64, 64>>;
  const auto ring = data::Ring{}.dataset();
  GAN<Arch, NonSaturatingLoss, MultiHeadD<4>> heads{{.seed = 6, .n_critic = 2}, MultiHeadD<4>{.lambda = 1}};
  CHECK(allocations_in_steps(heads, ring, 128, 2) == 0);
  GAN<Arch, NonSaturatingLoss, MultiHeadD<2>, PacGAN<2>, LabelSmoothing> packed{{.seed = 6}};
  CHECK(allocations_in_steps(packed, ring, 130, 3) == 0);
}

TEST_CASE("no heap allocation inside a training step: independent discriminators (GMAN, D2GAN), penalised per critic") {
  using namespace gantk;
  using Arch = MLP<Latent<2>, Data<2>, Hidden<64, 64>>;
  const auto ring = data::Ring{}.dataset();
  GAN<Arch, WassersteinLoss, Gman<3>, GradientPenalty> gman{{.seed = 6, .n_critic = 2}, Gman<3>{.lambda = 1}};
  CHECK(allocations_in_steps(gman, ring, 128, 2) == 0);
  GAN<Arch, D2GanLoss, D2Gan, R1Penalty> d2gan{{.seed = 6}};
  CHECK(allocations_in_steps(d2gan, ring, 128, 2) == 0);
  GAN<Arch, NonSaturatingLoss, MultiHeadD<3>, R1Penalty> heads{{.seed = 6}};
  CHECK(allocations_in_steps(heads, ring, 128, 2) == 0);
}
