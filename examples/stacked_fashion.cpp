// The stacked Fashion-MNIST benchmark of mode collapse: trains one variant of DCGAN on 3 × 28 × 28
// stacks of Fashion-MNIST images (1000 class triples) and counts the triples that 26 000 of its
// samples cover (gantk's Fashion-MNIST classifier labels each channel).
//
//   ./build/examples/stacked-fashion --list
//   ./build/examples/stacked-fashion --variant pacgan2 --seed 1 --steps 2000 --out docs/results/stacked
//   ./build/examples/stacked-fashion --real --out docs/results/stacked     (the real data's score: the ceiling)
//
// A run writes <out>/runs/<variant>-seed<S>.tsv (one row: variant, seed, steps, seconds, ms/step,
// modes, KL) and <out>/<variant>-seed<S>.png (64 samples); with --checkpoint-every it keeps
// <out>/checkpoints/<variant>-seed<S>.ckpt and resumes from it. scripts/stacked-results runs the
// table and writes <out>/README.md.
#include <gantk/gantk.hpp>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace gantk;

using StackedImage = Image<3, 28, 28>;
using Standard = DCGAN<Latent<100>, StackedImage>;
/// The hard variant (Metz et al. 2017; PacGAN's Table 3): D with a quarter of the filters.
using WeakD = Sequential<StackedImage, Conv2d<16, 4, 2, 1>, LeakyReLU<1, 5>, Conv2d<32, 4, 2, 1>, BatchNorm2d,
                         LeakyReLU<1, 5>, Dense<1>>;
using Hard = Networks<Latent<100>, Data<StackedImage::features>, DcganGenerator<StackedImage>, WeakD>;

struct Options {
  std::string variant;
  std::uint64_t seed = 1;
  long steps = 2000;
  long checkpoint_every = 0;
  Index eval_samples = 26'000;
  std::string out = "docs/results/stacked";
};

struct RunResult {
  long steps = 0;          ///< the GAN's steps (a resumed run counts its earlier ones)
  double ms_per_step = 0;  ///< over this invocation's steps
  double seconds = 0;      ///< this invocation's training time
  metrics::StackedModeCoverage coverage;
};

std::string run_name(const Options& o) { return o.variant + "-seed" + std::to_string(o.seed); }

/// Trains Gan (resuming from its checkpoint when there is one) and measures it.
template <class Gan>
RunResult train(const Options& o, const data::LabeledImages<float>& data, const metrics::FashionClassifier& classifier) {
  Gan gan({.seed = o.seed, .g_optimizer = Adam{.lr = 2e-4, .beta1 = 0.5}, .d_optimizer = Adam{.lr = 2e-4, .beta1 = 0.5}});
  const std::string checkpoint = o.out + "/checkpoints/" + run_name(o) + ".ckpt";
  if (o.checkpoint_every > 0 && std::filesystem::exists(checkpoint)) {
    gan.load_checkpoint(checkpoint);
    std::cerr << "resuming " << run_name(o) << " at step " << gan.steps() << '\n';
  }
  if (o.checkpoint_every > 0) std::filesystem::create_directories(o.out + "/checkpoints");
  RunResult r;
  const auto report = fit(gan, data, {.steps = std::max(0L, o.steps - gan.steps()), .batch = 64, .label = run_name(o),
                  .checkpoint_every = o.checkpoint_every, .checkpoint_path = o.checkpoint_every > 0 ? checkpoint : ""});
  r.seconds = report.seconds;
  r.ms_per_step = report.ms_per_step();
  r.steps = gan.steps();
  Rng grid_noise(1000 + o.seed);
  io::write_image_grid(o.out + "/" + run_name(o) + ".png", gan.sample(64, grid_noise), 3, 28, 28,
                      {.columns = 8, .scale = 2});
  const auto samples = gan.sample(o.eval_samples).template cast<float>().eval();
  r.coverage = metrics::stacked_mode_coverage(samples, classifier);
  return r;
}

using Runner = std::function<RunResult(const Options&, const data::LabeledImages<float>&, const metrics::FashionClassifier&)>;

struct Variant {
  const char* name;
  const char* about;
  Runner run;
};

const std::vector<Variant>& variants() {
  static const std::vector<Variant> list{
      {"dcgan", "DCGAN, non-saturating loss (the baseline)", train<GAN<Standard, NonSaturatingLoss>>},
      {"pacgan2", "DCGAN + PacGAN<2> (packs stacked along channels)", train<GAN<Standard, NonSaturatingLoss, PacGAN<2>>>},
      {"pacgan4", "DCGAN + PacGAN<4>", train<GAN<Standard, NonSaturatingLoss, PacGAN<4>>>},
      {"minibatch-disc", "DCGAN + MinibatchDisc", train<GAN<Standard, NonSaturatingLoss, MinibatchDisc>>},
      {"minibatch-stddev", "DCGAN + MinibatchStdDev", train<GAN<Standard, NonSaturatingLoss, MinibatchStdDev>>},
      {"r1", "DCGAN + R1Penalty", train<GAN<Standard, NonSaturatingLoss, R1Penalty>>},
      {"hard-dcgan", "hard variant: D with a quarter of the filters", train<GAN<Hard, NonSaturatingLoss>>},
      {"hard-pacgan4", "hard variant + PacGAN<4>", train<GAN<Hard, NonSaturatingLoss, PacGAN<4>>>},
  };
  return list;
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "stacked-fashion: " << why
            << "\nusage: stacked-fashion --variant NAME [--seed N] [--steps N] [--checkpoint-every N] [--eval N] [--out DIR]"
               "\n       stacked-fashion --real [--eval N] [--out DIR]\n       stacked-fashion --list\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) try {
  Options o;
  bool real = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--list") {
      for (const auto& v : variants()) std::printf("%-18s %s\n", v.name, v.about);
      return 0;
    }
    if (flag == "--real") {
      real = true;
      continue;
    }
    if (i + 1 >= argc) usage(flag + " needs a value");
    const std::string value = argv[++i];
    try {
      if (flag == "--variant") o.variant = value;
      else if (flag == "--seed") o.seed = std::stoull(value);
      else if (flag == "--steps") o.steps = std::stol(value);
      else if (flag == "--checkpoint-every") o.checkpoint_every = std::stol(value);
      else if (flag == "--eval") o.eval_samples = std::stol(value);
      else if (flag == "--out") o.out = value;
      else usage("unknown option " + flag);
    } catch (const std::logic_error&) {
      usage(flag + " takes a number, got " + value);
    }
  }
  std::filesystem::create_directories(o.out + "/runs");
  const auto classifier = metrics::fashion_classifier();
  std::cerr << "classifier: test accuracy " << fixed(100 * classifier.test_accuracy, 2) << " %\n";

  if (real) {  // the ceiling: real stacks of the test split, scored like samples
    const auto stacks = data::StackedFashionMNIST{.split = data::Split::Test, .samples = o.eval_samples, .seed = 7}.dataset();
    const auto c = metrics::stacked_mode_coverage(stacks.images(), classifier.classifier, stacks.labels());
    const std::string row = "real\t-\t-\t-\t-\t" + std::to_string(c.modes) + "\t" + fixed(c.kl, 3) + "\t" +
                            fixed(c.triple_accuracy, 3) + "\n";
    io::write_text_atomically(o.out + "/runs/real.tsv", row);
    std::cout << row;
    return 0;
  }
  const Variant* variant = nullptr;
  for (const auto& v : variants())
    if (o.variant == v.name) variant = &v;
  if (!variant) usage("unknown variant '" + o.variant + "' (--list names them)");
  if (o.steps < 1 || o.eval_samples < 100) usage("--steps ≥ 1 and --eval ≥ 100");

  const auto data = data::StackedFashionMNIST{.seed = o.seed}.dataset();
  const RunResult r = variant->run(o, data, classifier.classifier);
  const std::string row = o.variant + "\t" + std::to_string(o.seed) + "\t" + std::to_string(r.steps) + "\t" +
                          fixed(r.seconds, 0) + "\t" + fixed(r.ms_per_step, 1) +
                          "\t" + std::to_string(r.coverage.modes) + "\t" + fixed(r.coverage.kl, 3) + "\n";
  io::write_text_atomically(o.out + "/runs/" + run_name(o) + ".tsv", row);
  std::cout << row;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "stacked-fashion: " << e.what() << '\n';
  return 1;
}
