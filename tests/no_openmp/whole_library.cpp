// The whole library compiled without OpenMP (no -fopenmp) under -Wall -Wextra -Werror: a user's
// build without OpenMP must see no unknown-pragma or unused-variable warning. Syntax-only: it
// instantiates a GAN step, sampling and the metrics that have parallel code.
#include <gantk/gantk.hpp>

#if defined(_OPENMP) || GANTK_HAS_OPENMP
#error "this check must be compiled without OpenMP"
#endif

int main() {
  using namespace gantk;
  GAN<MLP<>, NonSaturatingLoss, PacGAN<2>, GradientPenalty> gan({.seed = 1});
  const auto ring = data::Ring{}.dataset();
  gan.fit(ring, {.steps = 1, .batch = 8, .progress = Progress::Silent});
  const HostMatrix<float> s = gan.sample(64);
  const auto coverage = metrics::mixture_coverage(s, ring);
  const double swd = metrics::sliced_wasserstein(s, s);
  const auto pr = metrics::precision_recall(s, s);
  return coverage.modes + static_cast<int>(swd + pr.precision) > 1000;
}
