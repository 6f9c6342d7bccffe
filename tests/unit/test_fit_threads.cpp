// fit()'s thread count per step: the choice between all threads and one, driven by step times;
// fixed counts; the caller's setting restored; the same results whatever the count.
#include <doctest/doctest.h>

#include <gantk/gantk.hpp>

#ifdef _OPENMP
#include <omp.h>
#endif

using namespace gantk;
using detail::ThreadChoice;

namespace {
// feeds `steps` steps to c, each taking `with_most` seconds on all threads and `with_one` on one
void run(ThreadChoice& c, long steps, double with_most, double with_one) {
  for (long s = 0; s < steps; ++s) c.record(c.next() == 1 ? with_one : with_most);
}
}  // namespace

TEST_CASE("ThreadChoice: keeps the faster of one thread and all, and probes again as the load changes") {
  ThreadChoice c(2, 0);
  CHECK(c.next() == 1);  // starts by timing one thread
  run(c, ThreadChoice::probe_steps, 0.0025, 0.001);
  CHECK(c.next() == 2);  // then all
  run(c, ThreadChoice::probe_steps, 0.0025, 0.001);
  CHECK(c.chosen() == 1);  // a loaded machine: one thread is faster
  run(c, ThreadChoice::hold_steps, 0.0025, 0.001);
  CHECK(c.next() == 1);  // held: 200 steps of 1 ms are not yet the 10 s of a hold
  // the other core is free again: two threads take half the time
  long steps = 0;
  while (c.next() == 1 && steps < 20000) run(c, 1, 0.0005, 0.001), ++steps;
  // after the hold (10 s of 1 ms steps) and one thread's probe, all threads are timed again
  CHECK(ThreadChoice::hold_steps + steps ==
        doctest::Approx(ThreadChoice::hold_seconds / 0.001 + ThreadChoice::probe_steps).epsilon(0.001));
  run(c, ThreadChoice::probe_steps, 0.0005, 0.001);
  CHECK(c.chosen() == 2);
  CHECK(c.next() == 2);
  // a slow first step of a probe (the switch itself) is not counted
  ThreadChoice d(4, 0);
  run(d, ThreadChoice::probe_steps, 0.002, 0.003);
  d.record(0.008);  // all threads: the first probe step, slow but under 3× one thread's median
  run(d, ThreadChoice::probe_steps - 1, 0.002, 0.003);
  CHECK(d.chosen() == 4);
  // one step on all threads beyond 3× one thread's median ends their probe at once
  ThreadChoice e(2, 0);
  run(e, ThreadChoice::probe_steps, 0.5, 0.001);
  CHECK(e.next() == 2);
  e.record(0.5);
  CHECK(e.chosen() == 1);
  CHECK(e.next() == 1);
}

TEST_CASE("ThreadChoice: a fixed count, a single-thread machine, a bad count") {
  ThreadChoice fixed(2, 3);
  run(fixed, 50, 0.001, 0.0001);
  CHECK(fixed.next() == 3);
  CHECK(fixed.chosen() == 3);
  ThreadChoice single(1, 0);
  run(single, 50, 0.001, 0.0001);
  CHECK(single.next() == 1);
  CHECK_THROWS_WITH_AS(ThreadChoice(2, -1), doctest::Contains("fit: threads must be ≥ 0 (0: chosen by fit), got -1"),
                       Error);
}

#ifdef _OPENMP
TEST_CASE("fit: the thread count of each step, the caller's restored, the same samples for every count") {
  using Gan = GAN<MLP<Latent<4>, Data<2>, Hidden<64, 64>>, WassersteinLoss, GradientPenalty>;
  const int before = omp_get_max_threads();
  const auto samples = [](int threads) {
    Gan gan{{.seed = 7}};
    int seen = -1;
    const auto report = gan.fit(data::Ring{}, {.steps = 40, .batch = 128, .progress = Progress::Silent,
                                               .threads = threads},
                                [&](const StepInfo&) { seen = omp_get_max_threads(); });
    if (threads > 0) CHECK(seen == threads);
    CHECK(report.threads == seen);  // the last step's count
    Rng rng(3);
    return gan.sample(100, rng);
  };
  const auto one = samples(1);
  CHECK(omp_get_max_threads() == before);
  CHECK((samples(2) - one).cwiseAbs().maxCoeff() == 0);
  CHECK((samples(0) - one).cwiseAbs().maxCoeff() == 0);
  CHECK(omp_get_max_threads() == before);
  CHECK_THROWS_WITH_AS(samples(-2), doctest::Contains("fit: threads must be ≥ 0"), Error);
  CHECK(omp_get_max_threads() == before);
}
#endif
