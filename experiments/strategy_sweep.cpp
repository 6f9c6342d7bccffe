// Experiments behind docs/strategies.md: trains named configurations on the ring and the grid
// for several seeds and prints mode coverage, high-quality fraction, reverse KL and ms/step.
//
//   g++ -std=c++20 -O2 -march=native -fopenmp -Iinclude -I/usr/include/eigen3 \
//       experiments/strategy_sweep.cpp -o build/strategy_sweep
//   OMP_NUM_THREADS=1 build/strategy_sweep <config> <ring|grid> <steps> <batch> <lr> <seeds...>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <algorithm>

#include <gantk/gantk.hpp>

using namespace gantk;

namespace {

struct Settings {
  std::string data;
  long steps;
  Index batch;
  double lr;
  std::vector<std::uint64_t> seeds;
};

double env(const char* name, double fallback) {
  const char* v = std::getenv(name);
  return v ? std::atof(v) : fallback;
}

// distance of each sample to its nearest centre, as a histogram in units of σ, and an ASCII map
void show(const HostMatrix<float>& x, const data::GaussianMixture& m) {
  int hist[8] = {};
  for (Index j = 0; j < x.cols(); ++j) {
    double best = 1e9;
    for (Index c = 0; c < m.components(); ++c)
      best = std::min(best, (x.col(j).cast<double>() - m.centers().col(c)).norm());
    hist[std::min(7, int(best / m.stddev()))]++;
  }
  std::printf("   distance/σ histogram [0,1) .. [7,∞):");
  for (int h : hist) std::printf(" %d", h);
  std::printf("\n");
  const double lim = m.centers().cwiseAbs().maxCoeff() * 1.3;
  const int W = 60, H = 30;
  std::vector<std::string> g(H, std::string(W, ' '));
  for (Index j = 0; j < x.cols(); ++j) {
    const int c = int((x(0, j) + lim) / (2 * lim) * W), r = int((lim - x(1, j)) / (2 * lim) * H);
    if (c >= 0 && c < W && r >= 0 && r < H) g[r][c] = g[r][c] == ' ' ? '.' : (g[r][c] == '.' ? 'o' : '#');
  }
  for (auto& row : g) std::printf("   |%s|\n", row.c_str());
}

// strategy settings from the environment (defaults otherwise)
template <class Gan>
void configure(Gan& gan, const Settings& s) {
  using List = typename Gan::StrategyList;
  if constexpr (contains_v<LearningRateDecay, List>) {
    auto& d = gan.template strategy<LearningRateDecay>();
    d.from_step = long(env("DECAY_FROM", 0.0) * double(s.steps));
    d.to_step = s.steps;
    d.final_factor = env("DECAY_FINAL", 0.01);
  }
  if constexpr (contains_v<InstanceNoise, List>) {
    auto& n = gan.template strategy<InstanceNoise>();
    n.stddev = env("IN_SIGMA", n.stddev);
    n.anneal_steps = long(env("IN_FRACTION", 0.5) * double(s.steps));
  }
  if constexpr (contains_v<LabelSmoothing, List>) gan.template strategy<LabelSmoothing>().real = env("LS_REAL", 0.9);
  if constexpr (contains_v<ModeSeeking, List>) gan.template strategy<ModeSeeking>().weight = env("MS_WEIGHT", 1.0);
  if constexpr (contains_v<ExperienceReplay, List>) gan.template strategy<ExperienceReplay>().ratio = env("ER_RATIO", 0.5);
  if constexpr (contains_v<R1Penalty, List>) gan.template strategy<R1Penalty>().gamma = env("R1_GAMMA", 0.1);
}

template <class Gan>
Gan make(std::uint64_t seed, const Settings& s) {
  typename Gan::Config config{.seed = seed, .g_optimizer = Adam{.lr = s.lr}, .d_optimizer = Adam{.lr = s.lr}};
  Gan gan{config};
  configure(gan, s);  // before any step: strategies read their settings from the first step on
  return gan;
}

template <class Gan>
void run(const std::string& name, const Settings& s) {
  const data::GaussianMixture mixture = s.data == "ring" ? data::Ring{}.dataset() : data::Grid{}.dataset();
  for (auto seed : s.seeds) {
    Gan gan = make<Gan>(seed, s);
    const long every = long(env("EVERY", 0));
    const auto report = gan.fit(mixture, {.steps = s.steps, .batch = s.batch, .progress = Progress::Silent},
                                [&](Gan& g, const StepInfo& i) {
                                  if (every > 0 && i.step % every == 0) {
                                    const auto c = metrics::mixture_coverage(g.sample(1000), mixture);
                                    std::printf("   step %6ld  D %.3f  G %.3f  D(real) %.2f D(fake) %.2f | modes %d HQ %.1f%% rKL %.3f\n",
                                                i.step, i.d_loss, i.g_loss, i.d_real, i.d_fake, c.modes,
                                                100 * c.high_quality, c.reverse_kl);
                                  }
                                });
    const auto c = metrics::mixture_coverage(gan.sample(2500), mixture);
    std::printf("%-22s %-4s seed %2llu steps %6ld batch %4ld lr %.0e | modes %2d/%2d  HQ %5.1f%%  rKL %.3f | %.2f ms/step\n",
                name.c_str(), s.data.c_str(), (unsigned long long)seed, s.steps, (long)s.batch, s.lr, c.modes,
                c.components, 100 * c.high_quality, c.reverse_kl, report.ms_per_step());
    if (env("SHOW", 0) > 0) show(gan.sample(2500), mixture);
    std::fflush(stdout);
  }
}

// a recipe exactly as gantk::recipes defines it (steps, batch and lr from the recipe; the command
// line's steps only shorten it for quick looks when they are smaller)
template <class R>
void run_recipe(const std::string& name, const Settings& s) {
  const auto mixture = R::data().dataset();
  const long steps = std::min(s.steps, R::steps);
  for (auto seed : s.seeds) {
    auto gan = R::make(seed, steps);
    const auto report = gan.fit(mixture, R::fit_options(steps, Progress::Silent));
    const auto c = metrics::mixture_coverage(gan.sample(2500), mixture);
    std::printf("%-22s %-4s seed %2llu steps %6ld batch %4ld lr %.0e | modes %2d/%2d  HQ %5.1f%%  rKL %.3f | %.2f ms/step\n",
                name.c_str(), R::data().dataset().components() == 8 ? "ring" : "grid", (unsigned long long)seed, steps,
                (long)R::batch, R::lr, c.modes, c.components, 100 * c.high_quality, c.reverse_kl, report.ms_per_step());
    std::fflush(stdout);
  }
}

using Small = MLP<Latent<2>, Data<2>, Hidden<128, 128>>;
template <class... S>
using NS = GAN<Small, NonSaturatingLoss, S...>;
template <class... S>
using NSd = GAN<Small, NonSaturatingLoss, S..., LearningRateDecay>;
using Wide = MLP<Latent<2>, Data<2>, Hidden<256, 256>>;
template <class... S>
using Wd = GAN<Wide, NonSaturatingLoss, S..., LearningRateDecay>;

using GWide = MLP<Latent<2>, Data<2>, GHidden<256, 256, 256>, DHidden<128, 128>>;
template <class... S>
using GW = GAN<GWide, NonSaturatingLoss, S..., LearningRateDecay>;
// PacGAN's 2-d architecture (Lin et al. 2018, after VEEGAN): G 4 × 400 ReLU with batch norm,
// D 3 × 200 maxout with 5 pieces
using PaperG = Sequential<Dense<400>, BatchNorm<>, ReLU, Dense<400>, BatchNorm<>, ReLU, Dense<400>, BatchNorm<>, ReLU,
                          Dense<400>, BatchNorm<>, ReLU, Dense<2>>;
using PaperD = Sequential<Maxout<200, 5>, Maxout<200, 5>, Maxout<200, 5>, Dense<1>>;
using Paper = Networks<Latent<2>, Data<2>, PaperG, PaperD>;
template <class... S>
using P = GAN<Paper, NonSaturatingLoss, S...>;
// a cheaper middle ground: plain MLP G, maxout D
using MidD = Sequential<Maxout<128, 4>, Maxout<128, 4>, Dense<1>>;
using Mid = Networks<Latent<2>, Data<2>, Sequential<Dense<256>, ReLU, Dense<256>, ReLU, Dense<2>>, MidD>;
template <class... S>
using M = GAN<Mid, NonSaturatingLoss, S...>;

const std::map<std::string, std::function<void(const std::string&, const Settings&)>> configs = {
    {"plain", run<NS<>>},
    {"pac2", run<NS<PacGAN<2>>>},
    {"pac4", run<NS<PacGAN<4>>>},
    {"mbd", run<NS<MinibatchDisc<>>>},
    {"mbstd", run<NS<MinibatchStdDev>>},
    {"sn", run<NS<SpectralNorm>>},
    {"fm", run<NS<FeatureMatching<>>>},
    {"ms", run<NS<ModeSeeking>>},
    {"ls", run<NS<LabelSmoothing>>},
    {"in", run<NS<InstanceNoise>>},
    {"er", run<NS<ExperienceReplay>>},
    {"drop", run<NS<HiddenDropout<0.2>>>},
    {"plain+d", run<NSd<>>},
    {"pac2+d", run<NSd<PacGAN<2>>>},
    {"pac4+d", run<NSd<PacGAN<4>>>},
    {"sn+d", run<NSd<SpectralNorm>>},
    {"w-pac2+d", run<Wd<PacGAN<2>>>},
    {"w-plain+d", run<Wd<>>},
    {"pac3+d", run<NSd<PacGAN<3>>>},
    {"pac2-std+d", run<NSd<PacGAN<2>, MinibatchStdDev>>},
    {"pac2-in+d", run<NSd<PacGAN<2>, InstanceNoise>>},
    {"pac2-er+d", run<NSd<PacGAN<2>, ExperienceReplay>>},
    {"pac2-sn+d", run<NSd<PacGAN<2>, SpectralNorm>>},
    {"pac2-ms+d", run<NSd<PacGAN<2>, ModeSeeking>>},
    {"pac2-lrelu+d", run<GAN<MLP<Latent<2>, Data<2>, Hidden<128, 128>, DActivation<LeakyReLU<>>>, NonSaturatingLoss,
                             PacGAN<2>, LearningRateDecay>>},
    {"g3w-pac2+d", run<GAN<MLP<Latent<2>, Data<2>, GHidden<256, 256, 256>, DHidden<128, 128>>, NonSaturatingLoss,
                           PacGAN<2>, LearningRateDecay>>},
    {"g3w-pac2-er+d", run<GAN<MLP<Latent<2>, Data<2>, GHidden<256, 256, 256>, DHidden<128, 128>>, NonSaturatingLoss,
                              PacGAN<2>, ExperienceReplay, LearningRateDecay>>},
    {"g3w-pac4+d", run<GW<PacGAN<4>>>},
    {"g3w-pac2-std+d", run<GW<PacGAN<2>, MinibatchStdDev>>},
    {"g3w-pac2-sn+d", run<GW<PacGAN<2>, SpectralNorm>>},
    {"g3w-pac2-ms+d", run<GW<PacGAN<2>, ModeSeeking>>},
    {"g3w-pac4-er+d", run<GW<PacGAN<4>, ExperienceReplay>>},
    {"g3w-pac2-in+d", run<GW<PacGAN<2>, InstanceNoise>>},
    {"g3w-in+d", run<GW<InstanceNoise>>},
    {"pac2-ls+d", run<NSd<PacGAN<2>, LabelSmoothing>>},
    {"pac2-ls-er+d", run<NSd<PacGAN<2>, LabelSmoothing, ExperienceReplay>>},
    {"g3w-pac2-ls+d", run<GW<PacGAN<2>, LabelSmoothing>>},
    {"g3w-pac2-ls-er+d", run<GW<PacGAN<2>, LabelSmoothing, ExperienceReplay>>},
    {"g3w-pac4-ls-er+d", run<GW<PacGAN<4>, LabelSmoothing, ExperienceReplay>>},
    {"g3w-pac2-ls-er-std+d", run<GW<PacGAN<2>, LabelSmoothing, ExperienceReplay, MinibatchStdDev>>},
    {"g3w-pac2-ls-er-ms+d", run<GW<PacGAN<2>, LabelSmoothing, ExperienceReplay, ModeSeeking>>},
    {"g3w-pac2-ls-er-r1+d", run<GW<PacGAN<2>, LabelSmoothing, ExperienceReplay, R1Penalty>>},
    {"g3w-pac2-r1+d", run<GW<PacGAN<2>, R1Penalty>>},
    {"g3w-r1+d", run<GW<R1Penalty>>},
    {"r1+d", run<NSd<R1Penalty>>},
    {"g3w-pac2-ls-er-in+d", run<GW<PacGAN<2>, LabelSmoothing, ExperienceReplay, InstanceNoise>>},
    {"g3wD-pac2-ls-er+d", run<GAN<MLP<Latent<2>, Data<2>, GHidden<256, 256, 256>, DHidden<256, 256>>, NonSaturatingLoss,
                                 PacGAN<2>, LabelSmoothing, ExperienceReplay, LearningRateDecay>>},
    {"g3w8-pac2-ls-er+d", run<GAN<MLP<Latent<8>, Data<2>, GHidden<256, 256, 256>, DHidden<128, 128>>, NonSaturatingLoss,
                                 PacGAN<2>, LabelSmoothing, ExperienceReplay, LearningRateDecay>>},
    {"recipe-ring", run_recipe<recipes::RingPacGAN>},
    {"recipe-grid", run_recipe<recipes::GridPacGANR1>},
    {"paper", run<P<>>},
    {"paper-pac2", run<P<PacGAN<2>>>},
    {"paper-pac4", run<P<PacGAN<4>>>},
    {"mid", run<M<>>},
    {"mid-pac2", run<M<PacGAN<2>>>},
    {"mid-pac4", run<M<PacGAN<4>>>},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7 || !configs.count(argv[1])) {
    std::fprintf(stderr, "usage: %s <config> <ring|grid> <steps> <batch> <lr> <seeds...>\nconfigs:", argv[0]);
    for (const auto& [k, v] : configs) std::fprintf(stderr, " %s", k.c_str());
    std::fprintf(stderr, "\n");
    return 2;
  }
  Settings s{argv[2], std::atol(argv[3]), std::atol(argv[4]), std::atof(argv[5]), {}};
  for (int i = 6; i < argc; ++i) s.seeds.push_back(std::strtoull(argv[i], nullptr, 10));
  configs.at(argv[1])(argv[1], s);
}
