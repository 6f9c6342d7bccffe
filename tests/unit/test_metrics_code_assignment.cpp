// best_assignment and code_mode_assignment (metrics/code_assignment.hpp): the Hungarian matching
// against brute force over every permutation, rectangular tables, and the count from samples.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include <gantk/gantk.hpp>
#include <gantk/metrics.hpp>

using namespace gantk;

namespace {

// the largest matched sum over every injective map of rows to columns (rows ≤ columns), or of
// columns to rows
double brute_force_best(const Eigen::MatrixXd& m) {
  const bool wide = m.rows() <= m.cols();
  const Eigen::MatrixXd t = wide ? m : Eigen::MatrixXd(m.transpose());
  std::vector<int> perm(static_cast<std::size_t>(t.cols()));
  std::iota(perm.begin(), perm.end(), 0);
  double best = 0;
  do {
    double sum = 0;
    for (Index i = 0; i < t.rows(); ++i) sum += t(i, perm[static_cast<std::size_t>(i)]);
    best = std::max(best, sum);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

}  // namespace

TEST_CASE("best_assignment: a permuted diagonal is found exactly") {
  // code k puts 90 samples on mode (3k + 1) mod 5 and 10 elsewhere
  Eigen::MatrixXd counts = Eigen::MatrixXd::Constant(5, 5, 2.5);
  for (int k = 0; k < 5; ++k) counts(k, (3 * k + 1) % 5) = 90;
  const auto a = metrics::best_assignment(counts);
  for (int k = 0; k < 5; ++k) CHECK(a.mode_of_code[static_cast<std::size_t>(k)] == (3 * k + 1) % 5);
  CHECK(a.matched == 450);
  CHECK(a.total == 500);
  CHECK(a.accuracy == doctest::Approx(0.9));
}

TEST_CASE("best_assignment: two codes on one mode count once (one-to-one), where a greedy pick would not") {
  // both codes prefer mode 0; the best matching gives code 0 mode 1 (8 + 9 = 17 > 10 + 1)
  Eigen::MatrixXd counts(2, 2);
  counts << 10, 8,
            9, 1;
  const auto a = metrics::best_assignment(counts);
  CHECK(a.mode_of_code == std::vector<int>{1, 0});
  CHECK(a.matched == 17);
  // all samples of every code on one mode: only one code can be right
  Eigen::MatrixXd collapsed = Eigen::MatrixXd::Zero(4, 4);
  collapsed.col(2).setConstant(25);
  CHECK(metrics::best_assignment(collapsed).accuracy == doctest::Approx(0.25));
}

TEST_CASE("best_assignment: equals brute force on random square and rectangular tables") {
  Rng rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    const Index rows = 2 + static_cast<Index>(rng.below(6)), cols = 2 + static_cast<Index>(rng.below(6));
    Eigen::MatrixXd m(rows, cols);
    for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<double>(rng.below(50));
    CAPTURE(trial);
    const auto a = metrics::best_assignment(m);
    CHECK(a.matched == doctest::Approx(brute_force_best(m)));
    // one-to-one: no mode used twice; codes left without a mode only when there are more codes
    std::vector<int> used;
    for (const int mode : a.mode_of_code)
      if (mode >= 0) used.push_back(mode);
    std::sort(used.begin(), used.end());
    CHECK(std::adjacent_find(used.begin(), used.end()) == used.end());
    CHECK(static_cast<Index>(used.size()) == std::min(rows, cols));
  }
}

TEST_CASE("code_mode_assignment: counts each sample at its nearest centre") {
  const auto ring = data::Ring{.modes = 4, .radius = 2.0}.dataset();
  // code 0 → mode 2, code 1 → mode 0 (one stray sample on mode 3), code 2 → mode 3
  std::vector<HostMatrix<float>> per_code(3, HostMatrix<float>(2, 4));
  const auto centre = [&](int m) { return ring.centers().col(m).cast<float>(); };
  for (int j = 0; j < 4; ++j) {
    per_code[0].col(j) = centre(2);
    per_code[1].col(j) = centre(j == 3 ? 3 : 0);
    per_code[2].col(j) = centre(3);
  }
  const auto a = metrics::code_mode_assignment(per_code, ring.centers());
  CHECK(a.mode_of_code == std::vector<int>{2, 0, 3});
  CHECK(a.counts(1, 3) == 1);
  CHECK(a.accuracy == doctest::Approx(11.0 / 12.0));
}

TEST_CASE("code_mode_assignment and best_assignment: bad input is an error naming it") {
  CHECK_THROWS_WITH_AS(metrics::best_assignment(Eigen::MatrixXd(0, 3)),
                       doctest::Contains("best_assignment: the count table is empty (0 × 3)"), Error);
  Eigen::MatrixXd negative = Eigen::MatrixXd::Ones(2, 2);
  negative(1, 0) = -1;
  CHECK_THROWS_WITH_AS(metrics::best_assignment(negative), doctest::Contains("count 1 of the table is -1"), Error);
  const std::vector<HostMatrix<float>> wrong(2, HostMatrix<float>::Zero(3, 4));
  CHECK_THROWS_WITH_AS(metrics::code_mode_assignment(wrong, data::Ring{}.dataset().centers()),
                       doctest::Contains("the samples of code 0 have 3 rows, the centres 2"), Error);
}
