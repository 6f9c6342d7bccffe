// several-networks: issue 16's remedies that need labels, codes or more than one network, side
// by side with a plain GAN on the 5 × 5 grid and the 8-Gaussian ring, seeds 1-3. Writes
// OUT/results.md (the table) and OUT/<data>-<entry>-s1.png (seed 1's samples, each coloured by its
// class, code or generator).
//
//   ./build/examples/several-networks docs/results/several-networks [--seeds 1,2,3] [--only grid-gman3,d2gan]
// (--only writes the selected entries' rows alone: a trial, not the published table)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <gantk/gantk.hpp>

namespace {

using namespace gantk;

constexpr long grid_steps = 6000, ring_steps = 3000;
constexpr Index evaluation_samples = 2500;

/// One run's figures.
struct Outcome {
  int modes = 0, components = 0;
  double high_quality = 0, reverse_kl = 0;
  double fidelity = -1;  ///< share of samples on the mode of their class / code / generator's best match; -1: none
  double seconds = 0;
};

/// Samples and the group (class, code or generator) of each, for the picture and the fidelity.
struct Grouped {
  HostMatrix<double> x;
  std::vector<int> group;
  int groups = 1;
};

// ---- a scatter picture: samples coloured by group, the mixture's centres as grey crosses ----
void write_scatter(const std::string& path, const Grouped& g, const data::GaussianMixture& mix) {
  constexpr int size = 480;
  const auto& c = mix.centers();
  const double lo = std::min(c.row(0).minCoeff(), c.row(1).minCoeff()), hi = std::max(c.row(0).maxCoeff(), c.row(1).maxCoeff());
  const double margin = 0.25 * (hi - lo) + 0.5, a = lo - margin, b = hi + margin;
  std::vector<std::uint8_t> px(static_cast<std::size_t>(size * size * 3), 255);
  const auto put = [&](double x, double y, std::uint8_t r, std::uint8_t gg, std::uint8_t bb, int radius) {
    const int cx = static_cast<int>((x - a) / (b - a) * size), cy = static_cast<int>((b - y) / (b - a) * size);
    for (int dy = -radius; dy <= radius; ++dy)
      for (int dx = -radius; dx <= radius; ++dx) {
        const int px_x = cx + dx, px_y = cy + dy;
        if (px_x < 0 || px_y < 0 || px_x >= size || px_y >= size || dx * dx + dy * dy > radius * radius + 1) continue;
        auto* p = &px[static_cast<std::size_t>((px_y * size + px_x) * 3)];
        p[0] = r, p[1] = gg, p[2] = bb;
      }
  };
  for (Index k = 0; k < c.cols(); ++k)
    for (int t = -6; t <= 6; ++t) put(c(0, k) + t * (b - a) / size, c(1, k), 170, 170, 170, 0), put(c(0, k), c(1, k) + t * (b - a) / size, 170, 170, 170, 0);
  for (Index j = 0; j < g.x.cols(); ++j) {
    // hues spread evenly over the groups; one group is drawn black
    const double h = g.groups == 1 ? -1 : 6.0 * g.group[static_cast<std::size_t>(j)] / g.groups;
    double r = 0, gr = 0, bl = 0;
    if (h >= 0) {
      const double f = h - std::floor(h), q = 1 - f;
      switch (static_cast<int>(h) % 6) {
        case 0: r = 1, gr = f; break;
        case 1: r = q, gr = 1; break;
        case 2: gr = 1, bl = f; break;
        case 3: gr = q, bl = 1; break;
        case 4: r = f, bl = 1; break;
        default: r = 1, bl = q; break;
      }
    }
    put(g.x(0, j), g.x(1, j), static_cast<std::uint8_t>(200 * r), static_cast<std::uint8_t>(200 * gr),
        static_cast<std::uint8_t>(200 * bl), 1);
  }
  io::write_png(path, px, size, size, 3);
}

/// The share of samples whose group's best-matched mode is their nearest mode.
double fidelity(const Grouped& g, const data::GaussianMixture& mix) {
  std::vector<HostMatrix<double>> per(static_cast<std::size_t>(g.groups));
  std::vector<std::vector<Index>> cols(static_cast<std::size_t>(g.groups));
  for (Index j = 0; j < g.x.cols(); ++j) cols[static_cast<std::size_t>(g.group[static_cast<std::size_t>(j)])].push_back(j);
  for (int k = 0; k < g.groups; ++k) {
    const auto& c = cols[static_cast<std::size_t>(k)];
    per[static_cast<std::size_t>(k)].resize(2, static_cast<Index>(std::max<std::size_t>(c.size(), 1)));
    per[static_cast<std::size_t>(k)].setZero();
    for (std::size_t i = 0; i < c.size(); ++i) per[static_cast<std::size_t>(k)].col(static_cast<Index>(i)) = g.x.col(c[i]);
  }
  return metrics::code_mode_assignment(per, mix.centers()).accuracy;
}

template <class Gan, class... S>
Gan make(std::uint64_t seed, long steps, S... s) {
  return Gan({.seed = seed, .g_optimizer = Adam{.lr = 1e-3}, .d_optimizer = Adam{.lr = 1e-3}},
             LearningRateDecay{.from_step = steps / 4, .to_step = steps, .final_factor = 0.01}, s...);
}

/// Trains, then draws `evaluation_samples` with their groups (`draw`) and scores them.
template <class Gan, class Draw>
Outcome run(Gan& gan, const data::GaussianMixture& mix, long steps, Draw draw, const std::string& picture) {
  const auto t0 = std::chrono::steady_clock::now();
  gan.fit(mix, {.steps = steps, .batch = 256, .progress = Progress::Silent});
  Outcome o;
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Rng rng(7, 0x65);
  const Grouped g = draw(gan, rng);
  const auto c = metrics::mixture_coverage(g.x, mix);
  o.modes = c.modes, o.components = static_cast<int>(c.components), o.high_quality = c.high_quality, o.reverse_kl = c.reverse_kl;
  if (g.groups > 1) o.fidelity = fidelity(g, mix);
  if (!picture.empty()) write_scatter(picture, g, mix);
  return o;
}

using Net = MLP<Latent<2>, Data<2>, Hidden<128, 128>>;
using InfoNet = MLP<Latent<10>, Data<2>, Hidden<128, 128>>;

template <class Gan>
Grouped by_class(Gan& gan, Rng& rng, int classes) {
  // classes drawn uniformly, as the grid's data draws them (gan.sample() does the same)
  std::vector<int> labels(static_cast<std::size_t>(evaluation_samples));
  for (int& label : labels) label = static_cast<int>(rng.below(static_cast<std::uint32_t>(classes)));
  return {gan.sample_classes(labels, rng).template cast<double>(), labels, classes};
}

template <class Multi, class Gan>
Grouped by_generator(Gan& gan, Rng& rng) {
  auto s = Multi::sample(gan, evaluation_samples, rng);
  return {s.samples.template cast<double>(), s.generator_of, Multi::generators};
}

template <class Gan>
Grouped ungrouped(Gan& gan, Rng& rng) {
  return {gan.sample(evaluation_samples, rng).template cast<double>(), std::vector<int>(evaluation_samples, 0), 1};
}

struct Entry {
  std::string data, name, what;
  std::function<Outcome(std::uint64_t seed, const std::string& picture)> train;
};

std::vector<Entry> entries() {
  const auto grid = data::Grid{}.dataset();
  const auto ring = data::Ring{}.dataset();
  std::vector<Entry> e;
  const auto add = [&](std::string d, std::string n, std::string w, auto f) { e.push_back({d, n, w, f}); };
  add("grid", "gan", "plain GAN (no labels)", [=](std::uint64_t s, const std::string& p) {
    auto g = make<GAN<Net, NonSaturatingLoss, LearningRateDecay>>(s, grid_steps);
    return run(g, grid, grid_steps, [](auto& x, Rng& r) { return ungrouped(x, r); }, p);
  });
  add("grid", "conditional", "Conditional<25>: one-hot class on G's and D's inputs (Mirza & Osindero 2014)",
      [=](std::uint64_t s, const std::string& p) {
        auto g = make<GAN<Net, NonSaturatingLoss, Conditional<25>, LearningRateDecay>>(s, grid_steps);
        return run(g, grid, grid_steps, [](auto& x, Rng& r) { return by_class(x, r, 25); }, p);
      });
  add("grid", "projection", "Conditional<25, Projection>: projection discriminator (Miyato & Koyama 2018)",
      [=](std::uint64_t s, const std::string& p) {
        auto g = make<GAN<Net, NonSaturatingLoss, Conditional<25, Conditioning::Projection>, LearningRateDecay>>(s, grid_steps);
        return run(g, grid, grid_steps, [](auto& x, Rng& r) { return by_class(x, r, 25); }, p);
      });
  add("grid", "ac-gan", "AuxiliaryClassifier<25>: D predicts the class (Odena et al. 2017)",
      [=](std::uint64_t s, const std::string& p) {
        auto g = make<GAN<Net, NonSaturatingLoss, AuxiliaryClassifier<25>, LearningRateDecay>>(s, grid_steps);
        return run(g, grid, grid_steps, [](auto& x, Rng& r) { return by_class(x, r, 25); }, p);
      });
  add("grid", "class-generators", "ClassGenerators<25>: one generator (first layer) per class",
      [=](std::uint64_t s, const std::string& p) {
        auto g = make<GAN<Net, NonSaturatingLoss, ClassGenerators<25>, LearningRateDecay>>(s, grid_steps);
        return run(g, grid, grid_steps, [](auto& x, Rng& r) { return by_class(x, r, 25); }, p);
      });
  add("grid", "mad-gan5", "MultiGenerator<5>: 5 generators, D names the maker (Ghosh et al. 2018; no labels)",
      [=](std::uint64_t s, const std::string& p) {
        auto g = make<GAN<Net, NonSaturatingLoss, MultiGenerator<5>, LearningRateDecay>>(s, grid_steps);
        return run(g, grid, grid_steps, [](auto& x, Rng& r) { return by_generator<MultiGenerator<5>>(x, r); }, p);
      });
  add("grid", "mgan5", "MultiGenerator<5, Mgan>: + G's diversity term (Hoang et al. 2018; no labels)",
      [=](std::uint64_t s, const std::string& p) {
        auto g = make<GAN<Net, NonSaturatingLoss, MultiGenerator<5, GeneratorObjective::Mgan>, LearningRateDecay>>(
            s, grid_steps);
        return run(g, grid, grid_steps,
                   [](auto& x, Rng& r) { return by_generator<MultiGenerator<5, GeneratorObjective::Mgan>>(x, r); }, p);
      });
  add("grid", "mad-gan25", "MultiGenerator<25>: as many generators as modes, none told which (no labels)",
      [=](std::uint64_t s, const std::string& p) {
        auto g = make<GAN<Net, NonSaturatingLoss, MultiGenerator<25>, LearningRateDecay>>(s, grid_steps);
        return run(g, grid, grid_steps, [](auto& x, Rng& r) { return by_generator<MultiGenerator<25>>(x, r); }, p);
      });
  add("grid", "mgan25", "MultiGenerator<25, Mgan> (no labels)", [=](std::uint64_t s, const std::string& p) {
    using M = MultiGenerator<25, GeneratorObjective::Mgan>;
    auto g = make<GAN<Net, NonSaturatingLoss, M, LearningRateDecay>>(s, grid_steps);
    return run(g, grid, grid_steps, [](auto& x, Rng& r) { return by_generator<M>(x, r); }, p);
  });
  add("grid", "multi-head-d3", "MultiHeadD<3>: 3 heads on one D body, G on their mean loss (no labels)",
      [=](std::uint64_t s, const std::string& p) {
        auto g = make<GAN<Net, NonSaturatingLoss, MultiHeadD<3>, LearningRateDecay>>(s, grid_steps);
        return run(g, grid, grid_steps, [](auto& x, Rng& r) { return ungrouped(x, r); }, p);
      });
  add("grid", "gman3", "Gman<3>: 3 independent D networks, G on their mean loss (Durugkar et al. 2017; no labels)",
      [=](std::uint64_t s, const std::string& p) {
        auto g = make<GAN<Net, NonSaturatingLoss, Gman<3>, LearningRateDecay>>(s, grid_steps);
        return run(g, grid, grid_steps, [](auto& x, Rng& r) { return ungrouped(x, r); }, p);
      });
  add("grid", "d2gan", "D2GanLoss + D2Gan: KL and reverse-KL discriminators, α = β = 1 (Nguyen et al. 2017; no labels)",
      [=](std::uint64_t s, const std::string& p) {
        auto g = make<GAN<Net, D2GanLoss, D2Gan, LearningRateDecay>>(s, grid_steps);
        return run(g, grid, grid_steps, [](auto& x, Rng& r) { return ungrouped(x, r); }, p);
      });
  add("ring", "gan", "plain GAN (no labels)", [=](std::uint64_t s, const std::string& p) {
    auto g = make<GAN<Net, NonSaturatingLoss, LearningRateDecay>>(s, ring_steps);
    return run(g, ring, ring_steps, [](auto& x, Rng& r) { return ungrouped(x, r); }, p);
  });
  add("ring", "info-gan8", "InfoGan<8>: an 8-way code G must keep recoverable, latent 10 (Chen et al. 2016; no labels)",
      [=](std::uint64_t s, const std::string& p) {
        using G = GAN<InfoNet, NonSaturatingLoss, InfoGan<8>, LearningRateDecay>;
        auto g = make<G>(s, ring_steps);
        return run(g, ring, ring_steps,
                   [](auto& x, Rng& r) {
                     Grouped out{HostMatrix<double>(2, evaluation_samples), {}, 8};
                     for (int k = 0; k < 8; ++k) {
                       const Index n = evaluation_samples / 8;
                       out.x.middleCols(k * n, n) = InfoGan<8>::sample_category(x, n, k, r).template cast<double>();
                       out.group.insert(out.group.end(), static_cast<std::size_t>(n), k);
                     }
                     out.x.conservativeResize(2, static_cast<Index>(out.group.size()));
                     return out;
                   },
                   p);
      });
  add("ring", "gman3", "Gman<3> (no labels)", [=](std::uint64_t s, const std::string& p) {
    auto g = make<GAN<Net, NonSaturatingLoss, Gman<3>, LearningRateDecay>>(s, ring_steps);
    return run(g, ring, ring_steps, [](auto& x, Rng& r) { return ungrouped(x, r); }, p);
  });
  add("ring", "d2gan", "D2GanLoss + D2Gan (no labels)", [=](std::uint64_t s, const std::string& p) {
    auto g = make<GAN<Net, D2GanLoss, D2Gan, LearningRateDecay>>(s, ring_steps);
    return run(g, ring, ring_steps, [](auto& x, Rng& r) { return ungrouped(x, r); }, p);
  });
  add("ring", "mad-gan4", "MultiGenerator<4> (no labels)", [=](std::uint64_t s, const std::string& p) {
    auto g = make<GAN<Net, NonSaturatingLoss, MultiGenerator<4>, LearningRateDecay>>(s, ring_steps);
    return run(g, ring, ring_steps, [](auto& x, Rng& r) { return by_generator<MultiGenerator<4>>(x, r); }, p);
  });
  add("ring", "mgan4", "MultiGenerator<4, Mgan> (no labels)", [=](std::uint64_t s, const std::string& p) {
    auto g = make<GAN<Net, NonSaturatingLoss, MultiGenerator<4, GeneratorObjective::Mgan>, LearningRateDecay>>(s, ring_steps);
    return run(g, ring, ring_steps,
               [](auto& x, Rng& r) { return by_generator<MultiGenerator<4, GeneratorObjective::Mgan>>(x, r); }, p);
  });
  return e;
}

/// Whether `only` (comma-separated "name" or "data-name" items) selects entry e.
bool selected(const std::string& only, const Entry& e) {
  std::stringstream ss(only);
  for (std::string item; std::getline(ss, item, ',');)
    if (item == e.name || item == e.data + "-" + e.name) return true;
  return false;
}

std::vector<std::uint64_t> parse_seeds(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    GANTK_CHECK(!item.empty() && item.find_first_not_of("0123456789") == std::string::npos,
                "several-networks: --seeds takes a comma-separated list of non-negative integers, got '", text, "'");
    seeds.push_back(std::stoull(item));
  }
  return seeds;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 2 || std::string(argv[1]).starts_with("-")) {
      std::cerr << "usage: several-networks OUTPUT_FOLDER [--seeds 1,2,3] [--only ENTRY,...]\n";
      return 2;
    }
    const std::filesystem::path out = argv[1];
    std::vector<std::uint64_t> seeds = {1, 2, 3};
    std::string only;  // comma-separated entry names (data-name or name); empty: every entry
    for (int i = 2; i < argc; ++i) {
      if (std::string(argv[i]) == "--seeds" && i + 1 < argc) seeds = parse_seeds(argv[++i]);
      else if (std::string(argv[i]) == "--only" && i + 1 < argc) only = argv[++i];
      else {
        std::cerr << "several-networks: unknown argument '" << argv[i] << "'\n";
        return 2;
      }
    }
    std::filesystem::create_directories(out);
    std::ostringstream md;
    md << "<!-- written by examples/several_networks.cpp; do not edit -->\n"
       << "# Several networks, classes and codes (issue 16)\n\n"
       << "MLP 128 × 128 (ReLU) for G and D, non-saturating loss, Adam 1e-3 (β 0.5 / 0.999) for both, batch 256, "
          "the learning rates decayed ×0.01 from a quarter of the run to its end (`LearningRateDecay`); grid "
       << grid_steps << " steps, ring " << ring_steps
       << " steps. 2,500 samples per run (classes and generators drawn uniformly, InfoGAN's 8 codes in equal shares); a mode counts "
          "with one sample within 3σ of its centre, % HQ the samples within 3σ, reverse KL of the "
          "nearest-mode histogram. *Fidelity*: the share of samples whose nearest mode is the one matched to "
          "their class, code or generator by the best one-to-one assignment (`metrics::code_mode_assignment`; "
          "with 4-5 generators on 8-25 modes a generator is matched to one mode, so a generator that covers "
          "several modes scores low by design). Seed 1's samples, coloured by class, code or generator, "
          "are in `<data>-<entry>-s1.png`.\n\n"
       << "| data | entry | what | seed | modes | % HQ | reverse KL | fidelity | s |\n|---|---|---|---|---|---|---|---|---|\n";
    for (const Entry& e : entries()) {
      if (!only.empty() && !selected(only, e)) continue;
      for (const std::uint64_t seed : seeds) {
        const std::string picture = seed == seeds.front() ? (out / (e.data + "-" + e.name + "-s" + std::to_string(seed) + ".png")).string() : "";
        const Outcome o = e.train(seed, picture);
        char row[512];
        std::snprintf(row, sizeof row, "| %s | `%s` | %s | %llu | %d/%d | %.1f | %.4f | %s | %.1f |\n", e.data.c_str(),
                      e.name.c_str(), e.what.c_str(), static_cast<unsigned long long>(seed), o.modes, o.components,
                      100 * o.high_quality, o.reverse_kl,
                      o.fidelity < 0 ? "—" : (std::to_string(static_cast<int>(std::lround(1000 * o.fidelity)) / 10) + "." +
                                              std::to_string(static_cast<int>(std::lround(1000 * o.fidelity)) % 10) + "%")
                                                 .c_str(),
                      o.seconds);
        md << row;
        std::cout << row << std::flush;
      }
    }
    io::write_text_atomically((out / "results.md").string(), md.str());
    std::cout << "wrote " << (out / "results.md").string() << '\n';
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "several-networks: " << e.what() << '\n';
    return 1;
  }
}
