// nearest_neighbours(): the collapse monitor's building block, against a brute-force loop.
#include <algorithm>

#include <doctest/doctest.h>

#include <gantk/foundation/rng.hpp>
#include <gantk/metrics/nearest_neighbour.hpp>

using namespace gantk;

TEST_CASE("nearest_neighbours: index and distance match a plain loop; a set as its own reference skips itself") {
  Rng rng(9);
  Eigen::MatrixXd r(3, 40), q(3, 25);
  rng.fill_normal(r.data(), r.size(), 0.0, 1.0);
  rng.fill_normal(q.data(), q.size(), 0.0, 1.0);
  const auto nn = metrics::nearest_neighbours(q, r);
  for (Index i = 0; i < q.cols(); ++i) {
    Index best = 0;
    const double d = (r.colwise() - q.col(i)).colwise().norm().minCoeff(&best);
    CHECK(nn.index[static_cast<std::size_t>(i)] == best);
    CHECK(nn.distance(i) == doctest::Approx(d).epsilon(1e-9));
  }
  const auto own = metrics::nearest_neighbours(r, r);
  for (Index i = 0; i < r.cols(); ++i) {
    CHECK(own.index[static_cast<std::size_t>(i)] != i);
    CHECK(own.distance(i) > 0);
  }
  const Eigen::MatrixXf rf = r.cast<float>(), qf = q.cast<float>();
  const auto as_float = metrics::nearest_neighbours(qf, rf);
  CHECK(as_float.index == nn.index);
  CHECK_THROWS_WITH_AS(metrics::nearest_neighbours(Eigen::MatrixXd::Zero(2, 4), r), doctest::Contains("2 features"),
                       Error);
  const Eigen::MatrixXd one = r.leftCols(1);
  CHECK_THROWS_WITH_AS(metrics::nearest_neighbours(one, one), doctest::Contains("at least 2 samples, got 1"), Error);
}

TEST_CASE("nearest_neighbours: the k-th nearest distance matches a sorted plain loop, with and without the query itself") {
  Rng rng(11);
  Eigen::MatrixXd r(2, 30), q(2, 12);
  rng.fill_normal(r.data(), r.size(), 0.0, 1.0);
  rng.fill_normal(q.data(), q.size(), 0.0, 1.0);
  for (int k : {1, 2, 5, 30}) {
    const auto nn = metrics::nearest_neighbours(q, r, k);
    for (Index i = 0; i < q.cols(); ++i) {
      Eigen::VectorXd d = (r.colwise() - q.col(i)).colwise().norm().transpose();
      std::sort(d.data(), d.data() + d.size());
      CHECK(nn.kth_distance(i) == doctest::Approx(d(k - 1)).epsilon(1e-9));
      CHECK(nn.distance(i) == doctest::Approx(d(0)).epsilon(1e-9));
    }
  }
  const auto own = metrics::nearest_neighbours(r, r, 3);
  for (Index i = 0; i < r.cols(); ++i) {
    Eigen::VectorXd d = (r.colwise() - r.col(i)).colwise().norm().transpose();
    std::sort(d.data(), d.data() + d.size());  // d(0) = 0 is the sample itself
    CHECK(own.kth_distance(i) == doctest::Approx(d(3)).epsilon(1e-9));
  }
  CHECK_THROWS_WITH_AS(metrics::nearest_neighbours(q, r, 0), doctest::Contains("k must be at least 1, got 0"), Error);
  CHECK_THROWS_WITH_AS(metrics::nearest_neighbours(q, r, 31), doctest::Contains("needs at least 31 references, got 30"),
                       Error);
  CHECK_THROWS_WITH_AS(metrics::nearest_neighbours(r, r, 30), doctest::Contains("needs at least 31 references, got 30"),
                       Error);
}
