// Trains DCGAN<Latent<100>, Image<1, 28, 28>> on Fashion-MNIST and writes what it made:
//   samples-step-NNNNN.png  64 samples from fixed noise, every --grid-every steps
//   samples.png             the same 64 at the end
//   classes.png             generated images sorted by the class gantk's classifier sees in them
//   metrics.md              the metrics table (10 000 generated against the 10 000 test images)
//
//   ./build/examples/dcgan-fashion [--steps 5000] [--batch 64] [--seed 1] [--grid-every 1000]
//                                  [--out docs/results/fashion] [--data /usr/share/datasets/fashion-mnist]
//
// The metrics use gantk's own Fashion-MNIST classifier (metrics/fashion_classifier.hpp), trained
// on first use and cached; they are not Inception-FID numbers.
#include <gantk/gantk.hpp>
#include <gantk/io/image_grid.hpp>
#include <gantk/metrics/fashion_classifier.hpp>
#include <gantk/metrics/image_metrics.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

namespace {

struct Options {
  long steps = 5000;
  gantk::Index batch = 64;
  std::uint64_t seed = 1;
  long grid_every = 1000;
  std::string out = "docs/results/fashion";
  std::string data = gantk::data::FashionMNIST::debian_folder;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "dcgan-fashion: " << why
            << "\nusage: dcgan-fashion [--steps N] [--batch N] [--seed N] [--grid-every N] [--out FOLDER] [--data FOLDER]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage(flag + " needs a value");
    const std::string value = argv[++i];
    try {
      if (flag == "--steps") o.steps = std::stol(value);
      else if (flag == "--batch") o.batch = std::stol(value);
      else if (flag == "--seed") o.seed = std::stoull(value);
      else if (flag == "--grid-every") o.grid_every = std::stol(value);
      else if (flag == "--out") o.out = value;
      else if (flag == "--data") o.data = value;
      else usage("unknown option " + flag);
    } catch (const std::logic_error&) {
      usage(flag + " takes a number, got " + value);
    }
  }
  if (o.steps < 1 || o.batch < 2 || o.grid_every < 0) usage("--steps ≥ 1, --batch ≥ 2 and --grid-every ≥ 0");
  return o;
}

std::string step_name(long step) {
  std::ostringstream s;
  s << "samples-step-" << std::setw(5) << std::setfill('0') << step << ".png";
  return s.str();
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  using namespace gantk;
  using Gan = GAN<DCGAN<Latent<100>, Image<1, 28, 28>>, NonSaturatingLoss>;
  const auto train = data::FashionMNIST{.folder = o.data}.dataset();
  const auto test = data::FashionMNIST{.folder = o.data, .split = data::Split::Test}.dataset();
  std::filesystem::create_directories(o.out);

  // the paper's recipe: Adam(2e-4, β₁ 0.5) for both networks
  Gan gan{{.seed = o.seed, .g_optimizer = Adam{.lr = 2e-4, .beta1 = 0.5}, .d_optimizer = Adam{.lr = 2e-4, .beta1 = 0.5}}};
  const Rng fixed_noise(o.seed + 1000);
  const auto grid = [&](const std::string& name) {
    Rng rng = fixed_noise;
    io::write_image_grid(o.out + "/" + name, gan.sample(64, rng), 1, 28, 28, {.columns = 8, .scale = 2});
  };
  const auto start = std::chrono::steady_clock::now();
  const auto report = gan.fit(train, {.steps = o.steps, .batch = o.batch}, [&](const StepInfo& info) {
    // (the last step's grid is samples.png)
    if (o.grid_every > 0 && info.step % o.grid_every == 0 && info.step < o.steps) grid(step_name(info.step));
  });
  const double train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  grid("samples.png");

  std::cerr << "measuring: gantk's Fashion-MNIST classifier (trained once, then cached)\n";
  const auto classifier = metrics::fashion_classifier({.data_folder = o.data});
  const Index n = test.size();
  const auto generated = gan.sample(n).template cast<float>().eval();
  const auto m = metrics::image_metrics(classifier.classifier, test.images(), generated, {.seed = o.seed});
  // the reference row: as many real training images, scored the same way
  const auto baseline = metrics::image_metrics(classifier.classifier, test.images(), train.images().leftCols(n),
                                               {.seed = o.seed});
  const auto predicted = classifier.classifier.predict(generated);
  io::write_class_grid(o.out + "/classes.png", generated, predicted, 10, 10, 1, 28, 28, {.scale = 2});

  std::ostringstream md;
  md << "# DCGAN on Fashion-MNIST\n\n"
     << "`./build/examples/dcgan-fashion --steps " << o.steps << " --batch " << o.batch << " --seed " << o.seed
     << "`: " << report.steps << " steps in " << fixed(train_seconds, 0) << " s (" << fixed(report.ms_per_step(), 1)
     << " ms/step).\n\n"
     << "Metrics on gantk's own Fashion-MNIST classifier (test accuracy " << fixed(100 * classifier.test_accuracy, 2)
     << " %; its 128 features stand where Inception's stand in FID, so these are **not** Inception-FID numbers), "
     << n << " generated images against the " << n << " test images. The real row scores " << n
     << " training images the same way: the best a generator could hope for.\n\n"
     << "| images | Fréchet (features) | precision | recall | density | coverage | NDB/K (K=" << m.ndb.bins
     << ") | classes covered | KL(classes ‖ uniform) |\n|---|---|---|---|---|---|---|---|---|\n";
  const auto row = [&](const char* name, const metrics::ImageMetrics& r) {
    md << "| " << name << " | " << fixed(r.frechet, 2) << " | " << fixed(r.precision_recall.precision, 3) << " | "
       << fixed(r.precision_recall.recall, 3) << " | " << fixed(r.density_coverage.density, 3) << " | "
       << fixed(r.density_coverage.coverage, 3) << " | " << fixed(r.ndb.ndb_over_k, 2) << " | " << r.classes.covered
       << "/" << r.classes.classes << " | " << fixed(r.classes.kl, 3) << " |\n";
  };
  row("DCGAN", m);
  row("real (training split)", baseline);
  md << "\nGenerated images per predicted class:\n\n| class | images | share |\n|---|---|---|\n";
  for (int c = 0; c < 10; ++c)
    md << "| " << test.class_names()[static_cast<std::size_t>(c)] << " | " << m.classes.counts[static_cast<std::size_t>(c)]
       << " | " << fixed(100.0 * static_cast<double>(m.classes.counts[static_cast<std::size_t>(c)]) / static_cast<double>(n), 1)
       << " % |\n";
  md << "\n![samples](samples.png) ![classes](classes.png)\n";
  io::write_text_atomically(o.out + "/metrics.md", md.str());
  std::cout << md.str();
  return 0;
} catch (const std::exception& e) {
  std::cerr << "dcgan-fashion: " << e.what() << '\n';
  return 1;
}
