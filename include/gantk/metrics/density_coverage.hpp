// Density and coverage (Naeem, Oh, Uh, Choi, Yoo, ICML 2020): k-NN balls around the real
// samples only, which makes both robust to outliers among the real or the fake samples.
#pragma once

#include <Eigen/Core>

#include <gantk/metrics/feature_map.hpp>
#include <gantk/metrics/knn_radii.hpp>
#include <gantk/metrics/pairwise_distances.hpp>

namespace gantk::metrics {

/// Settings of density_coverage().
struct DensityCoverageOptions {
  int k = 5;  ///< neighbour rank of the real samples' balls (the paper's default)
};

/// Fidelity (density) and diversity (coverage) of a fake set measured against a real one.
struct DensityCoverage {
  double density = 0;   ///< mean number of real balls holding a fake sample, divided by k (≈ 1 when the sets match; unbounded)
  double coverage = 0;  ///< fraction of real samples whose ball holds at least one fake sample, in [0, 1]
};

/// density  = 1/(kM) Σⱼ Σᵢ 1[‖yⱼ − xᵢ‖ < rᵢ],  coverage = 1/N Σᵢ 1[∃ j: ‖yⱼ − xᵢ‖ < rᵢ],
/// with rᵢ the distance from real xᵢ to its k-th nearest real neighbour (Naeem et al. 2020; open
/// balls, as in the paper). Distances stream block by block (GEMM, OpenMP).
/// @param real  d × N real samples (N > k)
/// @param fake  d × M generated samples (M ≥ 1)
/// @throws gantk::Error on different widths, too few real samples for k, or non-finite values.
template <class DR, class DF>
DensityCoverage density_coverage(const Eigen::MatrixBase<DR>& real, const Eigen::MatrixBase<DF>& fake,
                                 DensityCoverageOptions options = {}) {
  GANTK_CHECK(options.k >= 1, "density_coverage: k must be at least 1, got ", options.k);
  GANTK_CHECK(real.cols() > options.k, "density_coverage: k = ", options.k, " needs more than k real samples, got ",
              real.cols());
  detail::check_samples("density_coverage", "real", real);
  detail::check_samples("density_coverage", "fake", fake);
  detail::check_same_width("density_coverage", real, "real", fake, "fake");
  using T = std::common_type_t<detail::work_scalar_t<DR>, detail::work_scalar_t<DF>>;
  const auto r = detail::to_matrix<T>(real);
  const auto f = detail::to_matrix<T>(fake);
  const detail::Vector<T> r2 = detail::knn_squared_radii(r, options.k).template cast<T>();

  // One pass with the real samples as queries: row i gives the fakes inside ball i, which is all
  // both sums need. It also computes ‖xᵢ − yⱼ‖ exactly as the radius pass computed ‖xᵢ − xₘ‖, so a
  // fake that duplicates xᵢ's k-th neighbour falls on the boundary, not on either side by rounding.
  Eigen::VectorXd fakes_in_ball(r.cols());
  detail::for_each_query_distances<T>(r, f, [&](Index i, const auto& d2) {
    fakes_in_ball(i) = static_cast<double>((d2.array() < r2(i)).count());
  });
  DensityCoverage out;
  out.density = fakes_in_ball.sum() / (static_cast<double>(options.k) * static_cast<double>(f.cols()));
  out.coverage = (fakes_in_ball.array() > 0).template cast<double>().mean();
  return out;
}

/// density_coverage() in the feature space of `features` (for example an embedding network).
template <class DR, class DF, class F>
  requires FeatureMap<F, typename DR::Scalar> && FeatureMap<F, typename DF::Scalar>
DensityCoverage density_coverage(const Eigen::MatrixBase<DR>& real, const Eigen::MatrixBase<DF>& fake,
                                 const F& features, DensityCoverageOptions options = {}) {
  return density_coverage(detail::map_features("density_coverage", "real", features, real),
                          detail::map_features("density_coverage", "fake", features, fake), options);
}

}  // namespace gantk::metrics
