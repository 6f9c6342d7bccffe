// Class coverage: classes seen by a classifier and KL of the predicted-class histogram.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/class_coverage.hpp>

using namespace gantk;

namespace {
// a classifier for the ring: probabilities ∝ exp(−‖x − cₖ‖² / 2σ²) (softmax over modes)
struct RingClassifier {
  data::GaussianMixture ring = data::Ring{}.dataset();
  HostMatrix<double> operator()(const HostMatrix<float>& x) const {
    HostMatrix<double> p(ring.components(), x.cols());
    for (Index j = 0; j < x.cols(); ++j) {
      for (Index k = 0; k < p.rows(); ++k) p(k, j) = -(x.col(j).cast<double>() - ring.centers().col(k)).squaredNorm();
      p.col(j) = (p.col(j).array() - p.col(j).maxCoeff()).exp();
      p.col(j) /= p.col(j).sum();
    }
    return p;
  }
};
}  // namespace

TEST_CASE("class_coverage: hand-computed histogram, covered classes and KL") {
  // 4 samples over 3 classes: predictions 0, 0, 2, 0
  HostMatrix<double> p(3, 4);
  p << 0.7, 0.5, 0.1, 0.9,  //
      0.2, 0.1, 0.2, 0.05,  //
      0.1, 0.4, 0.7, 0.05;
  const auto c = metrics::class_coverage_from_probabilities(p);
  CHECK(c.counts == std::vector<Index>{3, 0, 1});
  CHECK(c.covered == 2);
  CHECK(c.classes == 3);
  CHECK(c.kl == doctest::Approx(0.75 * std::log(0.75 * 3) + 0.25 * std::log(0.25 * 3)));
  // against a prior (1/2, 1/4, 1/4)
  const auto w = metrics::class_coverage_from_probabilities(p, {.prior = {2, 1, 1}});
  CHECK(w.kl == doctest::Approx(0.75 * std::log(0.75 / 0.5) + 0.25 * std::log(0.25 / 0.25)));
  // min_count 2: class 2 (one prediction) no longer counts
  CHECK(metrics::class_coverage_from_probabilities(p, {.min_count = 2}).covered == 1);
  // a prediction the prior rules out: infinite KL
  CHECK(std::isinf(metrics::class_coverage_from_probabilities(p, {.prior = {1, 1, 0}}).kl));
}

TEST_CASE("class_coverage: through a classifier — full, half and collapsed ring generators") {
  const auto ring = data::Ring{}.dataset();
  Rng rng(2);
  const RingClassifier classify;
  const auto full = metrics::class_coverage(ring.draw<float>(4000, rng), classify);
  CHECK(full.covered == 8);
  CHECK(full.kl < 0.01);
  const data::GaussianMixture half(ring.centers().leftCols(4), ring.stddev());
  const auto lost = metrics::class_coverage(half.draw<float>(4000, rng), classify);
  CHECK(lost.covered == 4);
  CHECK(lost.kl == doctest::Approx(std::log(2.0)).epsilon(0.01));
  HostMatrix<float> point = HostMatrix<float>::Zero(2, 100);
  point.row(0).setConstant(1.0f);  // on mode 0
  const auto one = metrics::class_coverage(point, classify);
  CHECK(one.covered == 1);
  CHECK(one.kl == doctest::Approx(std::log(8.0)));
}

TEST_CASE("class_coverage: bad input is reported with the value") {
  const HostMatrix<double> p = HostMatrix<double>::Identity(3, 3);
  CHECK_THROWS_WITH_AS(metrics::class_coverage_from_probabilities(p, {.prior = {1, 1}}),
                       doctest::Contains("the prior has 2 classes but the classifier returned 3"), Error);
  CHECK_THROWS_WITH_AS(metrics::class_coverage_from_probabilities(p, {.prior = {1, -1, 1}}), doctest::Contains("got -1"), Error);
  HostMatrix<double> nan = p;
  nan(1, 2) = NAN;
  CHECK_THROWS_WITH_AS(metrics::class_coverage_from_probabilities(nan), doctest::Contains("sample 2"), Error);
  const auto wrong = [](const HostMatrix<double>& x) { return HostMatrix<double>(HostMatrix<double>::Ones(4, x.cols() + 1)); };
  CHECK_THROWS_WITH_AS(metrics::class_coverage(p, wrong), doctest::Contains("returned 4 columns for 3 samples"), Error);
}
