// check_exact_resume<Gan>(config, settings...): N steps, checkpoint to a file, load into a GAN
// built with another seed, M more steps = bit-identical to N + M steps without a break.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <gantk/gantk.hpp>

namespace gantk::test {

template <class Gan, class... Given>
Gan make_gan(typename Gan::Config config, const Given&... given) {
  if constexpr (sizeof...(Given) == 0) return Gan{config};
  else return Gan{config, given...};
}

template <class Gan, class... Given>
void check_exact_resume(typename Gan::Config config, const Given&... given) {
  constexpr int n = 6, m = 6;
  constexpr gantk::Index batch = 8;
  const auto data = gantk::data::Ring{}.dataset();
  const auto path =
      (std::filesystem::temp_directory_path() / ("gantk_resume_" + std::to_string(::getpid()) + ".ckpt")).string();

  Gan whole = make_gan<Gan>(config, given...);
  std::vector<gantk::StepInfo> expected;
  for (int s = 0; s < n + m; ++s) {
    const auto info = whole.train_step(data, batch);
    if (s >= n) expected.push_back(info);
  }

  Gan first = make_gan<Gan>(config, given...);
  for (int s = 0; s < n; ++s) first.train_step(data, batch);
  first.save_checkpoint(path);

  auto other = config;
  other.seed = config.seed + 1000;  // the checkpoint must win over the new GAN's own seed
  Gan resumed = make_gan<Gan>(other, given...);
  resumed.load_checkpoint(path);
  std::filesystem::remove(path);
  REQUIRE(resumed.steps() == n);
  for (int s = 0; s < m; ++s) {
    const auto info = resumed.train_step(data, batch);
    CAPTURE(s);
    CHECK(info.d_loss == expected[s].d_loss);  // bit-identical, not approximately equal
    CHECK(info.g_loss == expected[s].g_loss);
    CHECK(info.d_penalty == expected[s].d_penalty);
    CHECK(info.g_penalty == expected[s].g_penalty);
  }
  CHECK(resumed.generator().params == whole.generator().params);
  CHECK(resumed.discriminator().params == whole.discriminator().params);
  CHECK(resumed.discriminator().state == whole.discriminator().state);
  CHECK(gantk::io::checkpoint_bytes(resumed) == gantk::io::checkpoint_bytes(whole));

  // the control: parameters and network state alone (what save_npy kept) do not resume
  Gan naive = make_gan<Gan>(other, given...);
  naive.generator().params = first.generator().params;
  naive.generator().state = first.generator().state;
  naive.discriminator().params = first.discriminator().params;
  naive.discriminator().state = first.discriminator().state;
  for (int s = 0; s < m; ++s) naive.train_step(data, batch);
  CHECK(naive.generator().params != whole.generator().params);
}

}  // namespace gantk::test
