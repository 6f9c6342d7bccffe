// Energy distance (Székely & Rizzo, "Energy statistics: A class of statistics based on
// distances", J. Stat. Planning and Inference 2013).
#pragma once

#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include <gantk/metrics/feature_map.hpp>
#include <gantk/metrics/pairwise_distances.hpp>

namespace gantk::metrics {

/// Energy distance between the empirical distributions of x (d × m) and y (d × n):
///   E = 2/(mn) Σᵢⱼ ‖xᵢ − yⱼ‖ − 1/m² Σᵢⱼ ‖xᵢ − xⱼ‖ − 1/n² Σᵢⱼ ‖yᵢ − yⱼ‖   (the V-statistic).
/// E ≥ 0, E = 0 exactly when the two sets hold the same points with the same frequencies, and
/// √E is a metric. Three streamed distance passes (GEMM, OpenMP).
/// @throws gantk::Error on empty sets, different widths or non-finite values.
template <class DX, class DY>
double energy_distance(const Eigen::MatrixBase<DX>& x, const Eigen::MatrixBase<DY>& y) {
  detail::check_samples("energy_distance", "first", x);
  detail::check_samples("energy_distance", "second", y);
  detail::check_same_width("energy_distance", x, "first", y, "second");
  using T = std::common_type_t<detail::work_scalar_t<DX>, detail::work_scalar_t<DY>>;
  const auto a = detail::to_matrix<T>(x);
  const auto b = detail::to_matrix<T>(y);
  const double m = static_cast<double>(a.cols()), n = static_cast<double>(b.cols());
  const double e = 2.0 * detail::distance_sum(a, b) / (m * n) - detail::distance_sum(a, a) / (m * m) -
                   detail::distance_sum(b, b) / (n * n);
  return std::max(e, 0.0);  // rounding only can push it below 0
}

/// energy_distance() in the feature space of `features`.
template <class DX, class DY, class F>
  requires FeatureMap<F, typename DX::Scalar> && FeatureMap<F, typename DY::Scalar>
double energy_distance(const Eigen::MatrixBase<DX>& x, const Eigen::MatrixBase<DY>& y, const F& features) {
  return energy_distance(detail::map_features("energy_distance", "first", features, x),
                         detail::map_features("energy_distance", "second", features, y));
}

}  // namespace gantk::metrics
