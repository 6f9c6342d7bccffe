// Trains a GAN on the ring of 8 Gaussians and prints how many modes its samples cover.
//
//   ./build/examples/ring [steps] [seed]
#include <gantk/gantk.hpp>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  const long steps = argc > 1 ? std::atol(argv[1]) : 3000;
  const auto seed = argc > 2 ? static_cast<std::uint64_t>(std::atoll(argv[2])) : 42u;

  using RingGAN = gantk::GAN<gantk::MLP<gantk::Latent<2>, gantk::Data<2>, gantk::Hidden<128, 128>>,
                             gantk::NonSaturatingLoss>;
  RingGAN gan{{.seed = seed, .g_optimizer = gantk::Adam{.lr = 1e-3}, .d_optimizer = gantk::Adam{.lr = 1e-3}}};
  const auto ring = gantk::data::Ring{}.dataset();  // 8 modes, radius 1, σ 0.01
  const auto report = gan.fit(ring, {.steps = steps, .batch = 256});

  const auto c = gantk::metrics::mixture_coverage(gan.sample(2500), ring);
  std::printf("%d of %d modes covered; %.1f%% of samples within 3σ of a mode; reverse KL %.3f; %.3f ms/step\n",
              c.modes, c.components, 100 * c.high_quality, c.reverse_kl, report.ms_per_step());
  std::printf("samples per mode:");
  for (auto n : c.hq_counts) std::printf(" %ld", static_cast<long>(n));
  std::printf("\n");
  return 0;
}
