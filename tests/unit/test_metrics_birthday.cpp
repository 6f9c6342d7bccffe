// The birthday-paradox support test (Arora & Zhang 2017): hand-computed rates, the support of a
// discrete generator recovered, a continuous one unbounded, and the real-data threshold.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/data/dataset.hpp>
#include <gantk/metrics/birthday_paradox.hpp>

using namespace gantk;

namespace {
HostMatrix<double> normal(Index d, Index n, std::uint64_t seed) {
  HostMatrix<double> x(d, n);
  Rng rng(seed);
  rng.fill_normal(x.data(), x.size(), 0.0, 1.0);
  return x;
}
// n draws (with repetition) from `support` fixed points: a generator with that many distinct outputs
HostMatrix<double> discrete(Index support, Index n, std::uint64_t seed) {
  const auto points = normal(8, support, seed);
  Rng rng(seed + 1);
  HostMatrix<double> x(8, n);
  for (Index j = 0; j < n; ++j) x.col(j) = points.col(rng.below(static_cast<std::uint32_t>(support)));
  return x;
}
}  // namespace

TEST_CASE("birthday_test: hand-computed — one batch holding the whole set") {
  HostMatrix<double> x(1, 3);
  x << 0, 5, 0;
  const auto t = metrics::birthday_test(x, {.batch_size = 3, .batches = 1, .threshold = 0.5});
  CHECK(t.duplicate_rate == 1.0);
  CHECK(t.mean_duplicate_pairs == 1.0);
  // P̂ = 1 is taken as 1 − ½/batches = ½:  N̂ = s(s−1)/2 / ln 2
  CHECK(t.support_estimate == doctest::Approx(3.0 / std::log(2.0)));
  // each sample's nearest batch-mate among those before it, closest first: (0, 2) at 0, (0, 1) at 5
  REQUIRE(t.closest.size() == 2);
  CHECK(t.closest[0].first == 0);
  CHECK(t.closest[0].second == 2);
  CHECK(t.closest[0].distance == 0.0);
  CHECK(t.closest[1].first == 0);
  CHECK(t.closest[1].second == 1);
  CHECK(t.closest[1].distance == 5.0);
  // a threshold below every distance: no duplicate, unbounded support
  HostMatrix<double> y(1, 3);
  y << 0, 5, 1;
  const auto none = metrics::birthday_test(y, {.batch_size = 3, .batches = 4, .threshold = 0.5});
  CHECK(none.duplicate_rate == 0.0);
  CHECK(std::isinf(none.support_estimate));
}

TEST_CASE("birthday_test: recovers the support size of a discrete generator; a continuous one has none") {
  // 400 outputs, batches of 30: P(duplicate) = 1 − Π(1 − i/400) ≈ 0.66
  const auto x = discrete(400, 5000, 3);
  const auto t = metrics::birthday_test(x, {.batch_size = 30, .batches = 200, .threshold = 1e-6, .seed = 1});
  INFO("rate " << t.duplicate_rate << ", support estimate " << t.support_estimate);
  CHECK(t.duplicate_rate == doctest::Approx(0.66).epsilon(0.15));
  CHECK(t.support_estimate > 400 / 1.5);
  CHECK(t.support_estimate < 400 * 1.5);
  CHECK(t.closest.front().distance == 0.0);

  const auto smooth = metrics::birthday_test(normal(8, 5000, 4), {.batch_size = 30, .batches = 50, .threshold = 1e-6});
  CHECK(smooth.duplicate_rate == 0.0);
  CHECK(smooth.closest.front().distance > 1e-3);
}

TEST_CASE("birthday_threshold: real batches collide at the chosen rate; a small-support generator far more often") {
  const auto real = normal(4, 4000, 5);
  const double t = metrics::birthday_threshold(real, {.batch_size = 50, .batches = 100, .real_duplicate_rate = 0.1, .seed = 2});
  CHECK(t > 0);
  const auto fresh = metrics::birthday_test(normal(4, 4000, 6), {.batch_size = 50, .batches = 200, .threshold = t, .seed = 3});
  INFO("threshold " << t << ", fresh real rate " << fresh.duplicate_rate);
  CHECK(fresh.duplicate_rate < 0.2);
  HostMatrix<double> small = discrete(300, 4000, 7).topRows(4);
  const auto collapsed = metrics::birthday_test(small, {.batch_size = 50, .batches = 100, .threshold = t});
  CHECK(collapsed.duplicate_rate > 0.9);
}

TEST_CASE("birthday_test: bad input is reported with the value") {
  const auto x = normal(2, 10, 1);
  CHECK_THROWS_WITH_AS(metrics::birthday_test(x, {.batch_size = 11, .threshold = 1}), doctest::Contains("got 11"), Error);
  CHECK_THROWS_WITH_AS(metrics::birthday_test(x, {.batch_size = 5}), doctest::Contains("birthday_threshold"), Error);
  CHECK_THROWS_WITH_AS(metrics::birthday_test(x, {.batch_size = 5, .batches = 0, .threshold = 1}), doctest::Contains("got 0"),
                       Error);
  HostMatrix<double> nan = x;
  nan(0, 7) = NAN;
  CHECK_THROWS_WITH_AS(metrics::birthday_test(nan, {.batch_size = 5, .threshold = 1}), doctest::Contains("sample 7"), Error);
  CHECK_THROWS_WITH_AS(metrics::birthday_threshold(x, {.batch_size = 5, .real_duplicate_rate = 1}), doctest::Contains("got 1"),
                       Error);
}
