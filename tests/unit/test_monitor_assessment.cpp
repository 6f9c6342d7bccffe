// The pure collapse classifier on synthetic sample sets: single point and single mode → complete,
// lost modes → partial, the data itself → healthy; settable thresholds; the automatic bins.
#include <doctest/doctest.h>

#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/collapse_assessment.hpp>

using namespace gantk;
using metrics::CollapseState;

namespace {
// the ring's modes listed in `keep` only
data::GaussianMixture ring_modes(std::initializer_list<Index> keep) {
  const auto ring = data::Ring{}.dataset();
  HostMatrix<double> c(2, static_cast<Index>(keep.size()));
  Index j = 0;
  for (Index k : keep) c.col(j++) = ring.centers().col(k);
  return data::GaussianMixture(c, ring.stddev());
}
}  // namespace

TEST_CASE("assess_collapse: single point and single mode are complete, lost modes partial, the data healthy") {
  const auto ring = data::Ring{}.dataset();
  Rng rng(1);
  const auto real = ring.draw<float>(512, rng);
  const metrics::CollapseReference reference(real);
  CHECK(reference.centroids().cols() == 8);  // one bin per mode: the fewest that explain 99% of the variance

  HostMatrix<float> point = HostMatrix<float>::Zero(2, 512);
  point.row(0).setConstant(1.0f);
  const auto a_point = metrics::assess_collapse(reference, point);
  CHECK(a_point.state == CollapseState::CompleteCollapse);
  CHECK(a_point.statistics.spread_ratio == 0.0);
  CHECK(a_point.statistics.bins_hit == 1);
  CHECK(a_point.statistics.missing_mass == doctest::Approx(7.0 / 8).epsilon(0.15));
  CHECK(a_point.reason.find("sits in at most 1 region") != std::string::npos);

  const auto a_mode = metrics::assess_collapse(reference, ring_modes({3}).draw<float>(512, rng));
  CHECK(a_mode.state == CollapseState::CompleteCollapse);
  CHECK(a_mode.statistics.spread_ratio < 0.03);  // σ√π ≈ 0.018 against a ring spread of ≈ 1.3

  const auto a_half = metrics::assess_collapse(reference, ring_modes({0, 2, 4, 6}).draw<float>(512, rng));
  INFO(a_half.reason);
  CHECK(a_half.state == CollapseState::PartialCollapse);
  CHECK(a_half.statistics.missing_mass == doctest::Approx(0.5).epsilon(0.15));
  CHECK(a_half.statistics.spread_ratio > 0.8);  // diverse: this is not a complete collapse
  CHECK(a_half.reason.find("miss part of the data") != std::string::npos);

  const auto a_six = metrics::assess_collapse(reference, ring_modes({0, 1, 2, 3, 4, 5}).draw<float>(512, rng));
  CHECK(a_six.state == CollapseState::PartialCollapse);  // 2 of 8 lost: 25% ≥ 20%
  const auto a_seven = metrics::assess_collapse(reference, ring_modes({0, 1, 2, 3, 4, 5, 6}).draw<float>(512, rng));
  CHECK(a_seven.state == CollapseState::PartialCollapse);  // 1 of 8 lost: 7 modes < 8 is partial, as the truth says
  CHECK(a_seven.statistics.missing_mass == doctest::Approx(1.0 / 8).epsilon(0.3));

  const auto a_full = metrics::assess_collapse(reference, ring.draw<float>(512, rng));
  CHECK(a_full.state == CollapseState::Healthy);
  CHECK(a_full.statistics.missing_mass == 0.0);
  CHECK(a_full.statistics.spread_ratio == doctest::Approx(1.0).epsilon(0.1));
  CHECK(a_full.statistics.bins_hit == 8);
}

TEST_CASE("assess_collapse: a generator a little off the modes is not flagged") {
  // a GAN on the ring places its samples ~2–3 σ inside the circle: a precision issue, not collapse
  const auto ring = data::Ring{}.dataset();
  Rng rng(2);
  const auto real = ring.draw<double>(512, rng);
  HostMatrix<double> inside = ring.draw<double>(512, rng);
  inside *= 0.97;
  CHECK(metrics::assess_collapse(real, inside).state == CollapseState::Healthy);
}

TEST_CASE("assess_collapse: the grid and a Gaussian blob") {
  Rng rng(3);
  const auto grid = data::Grid{}.dataset();
  const auto real = grid.draw<float>(800, rng);
  const metrics::CollapseReference reference(real);
  CHECK(reference.centroids().cols() == 25);  // one bin per mode (23 clusters already explain 99%; 25 is the elbow)
  CHECK(metrics::assess_collapse(reference, grid.draw<float>(800, rng)).state == CollapseState::Healthy);
  // a generator that lost the left three columns of the grid (15 of 25 modes); some bins straddle
  // lost and kept modes, so less than 60% reads as missing (50 seeds: 0.45–0.63)
  const data::GaussianMixture right(grid.centers().rightCols(10), grid.stddev());
  const auto lost = metrics::assess_collapse(reference, right.draw<float>(800, rng));
  CHECK(lost.state == CollapseState::PartialCollapse);
  CHECK(lost.statistics.missing_mass > 0.35);

  // no modes at all: a standard normal; collapse onto one half-space is partial, onto a point complete
  HostMatrix<double> blob(3, 600);
  rng.fill_normal(blob.data(), blob.size(), 0.0, 1.0);
  const metrics::CollapseReference blob_ref(blob);
  CHECK(blob_ref.centroids().cols() == 32);  // no structure: max_bins
  HostMatrix<double> fresh(3, 600);
  rng.fill_normal(fresh.data(), fresh.size(), 0.0, 1.0);
  CHECK(metrics::assess_collapse(blob_ref, fresh).state == CollapseState::Healthy);
  HostMatrix<double> half = fresh;
  half.row(0) = half.row(0).cwiseAbs();
  CHECK(metrics::assess_collapse(blob_ref, half).state == CollapseState::PartialCollapse);
  HostMatrix<double> tight = fresh * 0.01;
  CHECK(metrics::assess_collapse(blob_ref, tight).state == CollapseState::CompleteCollapse);
}

TEST_CASE("assess_collapse: thresholds are settable; float and double agree") {
  const auto ring = data::Ring{}.dataset();
  Rng rng(4);
  const auto real = ring.draw<double>(512, rng);
  const auto half = ring_modes({0, 2, 4, 6}).draw<double>(512, rng);
  CHECK(metrics::assess_collapse(real, half).state == CollapseState::PartialCollapse);
  CHECK(metrics::assess_collapse(real, half, {.partial_missing_mass = 0.6}).state == CollapseState::Healthy);
  CHECK(metrics::assess_collapse(real, half, {.complete_spread = 2.0}).state == CollapseState::CompleteCollapse);
  const auto seven = ring_modes({0, 1, 2, 3, 4, 5, 6}).draw<double>(512, rng);
  CHECK(metrics::assess_collapse(real, seven, {.partial_missing_mass = 0.1}).state == CollapseState::PartialCollapse);
  // starved_share: a mode at about half its share (weight 0.5 against 1) is starved at 0.75, not at 0.25
  const data::GaussianMixture uneven(ring.centers(), ring.stddev(), {0.5, 1, 1, 1, 1, 1, 1, 1});
  const auto skewed = uneven.draw<double>(2048, rng);
  const auto lenient = metrics::assess_collapse(real, skewed), strict = metrics::assess_collapse(real, skewed, {.starved_share = 0.75});
  CHECK(lenient.statistics.missing_mass == 0.0);
  CHECK(strict.statistics.missing_mass > 0.05);  // that mode's ≈ 1/8 (50 seeds: 0.08–0.29)

  const auto as_float = metrics::assess_collapse(HostMatrix<float>(real.cast<float>()), HostMatrix<float>(half.cast<float>()));
  const auto as_double = metrics::assess_collapse(real, half);
  CHECK(as_float.state == as_double.state);
  CHECK(as_float.statistics.missing_mass == as_double.statistics.missing_mass);
  CHECK(as_float.statistics.spread_ratio == doctest::Approx(as_double.statistics.spread_ratio).epsilon(1e-4));
}

TEST_CASE("assess_collapse: the four shapes of complete collapse, and the scale") {
  // one kind of output whatever z: a sharp mode, a blob between two modes, a blob off the data, a wide smear
  const auto ring = data::Ring{}.dataset();
  Rng rng(6);
  const metrics::CollapseReference reference(ring.draw<double>(512, rng));
  CHECK(reference.scale() > 0.2 * ring.stddev());  // the 99% quantile of the real nearest-neighbour distances
  CHECK(reference.scale() < 3 * ring.stddev());
  const auto blob = [&](Eigen::Vector2d centre, double sd) {
    Eigen::MatrixXd x(2, 512);
    rng.fill_normal(x.data(), x.size(), 0.0, sd);
    return Eigen::MatrixXd(x.colwise() + centre);
  };
  const Eigen::Vector2d between = 0.5 * (ring.centers().col(0) + ring.centers().col(1));
  for (const auto& fake : {ring_modes({5}).draw<double>(512, rng), blob(between, 0.03), blob({3.0, 0.0}, 0.03),
                           blob({0.0, 0.0}, 0.7)}) {
    const auto a = metrics::assess_collapse(reference, fake);
    INFO(a.reason);
    CHECK(a.state == CollapseState::CompleteCollapse);
    CHECK(a.statistics.bins_present <= 1);
  }
  // a blob between modes is near two modes' samples but on neither: no bin holds a sample on the data
  CHECK(metrics::assess_collapse(reference, blob(between, 0.03)).statistics.on_data == 0.0);
}

TEST_CASE("assess_collapse: bad input is reported with the value") {
  const auto ring = data::Ring{}.dataset();
  Rng rng(5);
  const auto real = ring.draw<double>(64, rng);
  CHECK_THROWS_WITH_AS(metrics::assess_collapse(real, HostMatrix<double>::Zero(3, 10)),
                       doctest::Contains("2 features but the fake samples have 3"), Error);
  HostMatrix<double> nan = ring.draw<double>(10, rng);
  nan(1, 6) = NAN;
  CHECK_THROWS_WITH_AS(metrics::assess_collapse(real, nan), doctest::Contains("fake sample 6"), Error);
  CHECK_THROWS_WITH_AS(metrics::assess_collapse(real.leftCols(10), real, {.max_bins = 16}),
                       doctest::Contains("max_bins = 16 needs at least as many real samples, got 10"), Error);
  CHECK_THROWS_WITH_AS(metrics::CollapseReference(HostMatrix<double>::Ones(2, 20), {.max_bins = 2}),
                       doctest::Contains("all identical"), Error);
  CHECK_THROWS_WITH_AS(metrics::assess_collapse(real, real.leftCols(1)), doctest::Contains("got 1"), Error);
  CHECK_THROWS_WITH_AS(metrics::assess_collapse(real, real, {.on_data_distance = 0, .max_bins = 8}),
                       doctest::Contains("on_data_distance must be positive, got 0"), Error);
  CHECK_THROWS_WITH_AS(metrics::CollapseReference(real, {.scale_quantile = 1.5, .max_bins = 8}),
                       doctest::Contains("scale_quantile must lie in [0, 1], got 1.5"), Error);
}
