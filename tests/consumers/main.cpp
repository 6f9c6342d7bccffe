// A tiny program that uses gantk as a consumer project would.
#include <gantk/gantk.hpp>

#include <iostream>

int main() {
  using Ring = gantk::GAN<gantk::MLP<gantk::Latent<2>, gantk::Data<2>, gantk::Hidden<32>>, gantk::NonSaturatingLoss>;
  Ring gan{{.seed = 1}};
  const auto report = gan.fit(gantk::data::Ring{}, {.steps = 50, .batch = 64, .progress = gantk::Progress::Silent});
  const auto coverage = gantk::metrics::mixture_coverage(gan.sample(500), gantk::data::Ring{}.dataset());
  std::cout << "consumer ok: " << report.steps << " steps, " << coverage.components << " components\n";
  return report.steps == 50 ? 0 : 1;
}
