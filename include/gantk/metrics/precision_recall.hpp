// Improved precision and recall (Kynkäänniemi, Karras, Laine, Lehtinen, Aila, NeurIPS 2019):
// each set's manifold is the union of balls reaching every sample's k-th nearest neighbour.
#pragma once

#include <Eigen/Core>

#include <gantk/metrics/feature_map.hpp>
#include <gantk/metrics/knn_radii.hpp>
#include <gantk/metrics/pairwise_distances.hpp>

namespace gantk::metrics {

/// Settings of precision_recall().
struct PrecisionRecallOptions {
  int k = 3;  ///< neighbour rank of the balls (the paper's default)
};

/// Fidelity and diversity of a fake set measured against a real one.
struct PrecisionRecall {
  double precision = 0;  ///< fraction of fake samples inside the real manifold
  double recall = 0;     ///< fraction of real samples inside the fake manifold
};

namespace detail {

// fraction of `queries` inside ∪ᵢ B(refᵢ, rᵢ) with ‖q − refᵢ‖ ≤ rᵢ (the paper's closed balls)
template <class T>
double fraction_inside(const Matrix<T>& queries, const Matrix<T>& refs, const Vector<double>& squared_radii) {
  const Vector<T> r2 = squared_radii.template cast<T>();
  Eigen::Matrix<unsigned char, Eigen::Dynamic, 1> inside(queries.cols());
  for_each_query_distances<T>(queries, refs,
                              [&](Index j, const auto& d2) { inside(j) = (d2.array() <= r2.array()).any() ? 1 : 0; });
  return inside.template cast<double>().mean();
}

}  // namespace detail

/// Precision: the fraction of fake samples within the k-NN ball of some real sample; recall: the
/// fraction of real samples within the k-NN ball of some fake sample (Kynkäänniemi et al. 2019).
/// Both in [0, 1]; identical sets give 1 and 1. Distances stream block by block (GEMM, OpenMP).
/// @param real  d × N real samples (N > k)
/// @param fake  d × M generated samples (M > k)
/// @throws gantk::Error on different widths, too few samples for k, or non-finite values.
template <class DR, class DF>
PrecisionRecall precision_recall(const Eigen::MatrixBase<DR>& real, const Eigen::MatrixBase<DF>& fake,
                                 PrecisionRecallOptions options = {}) {
  GANTK_CHECK(options.k >= 1, "precision_recall: k must be at least 1, got ", options.k);
  GANTK_CHECK(real.cols() > options.k, "precision_recall: k = ", options.k, " needs more than k real samples, got ",
              real.cols());
  GANTK_CHECK(fake.cols() > options.k, "precision_recall: k = ", options.k, " needs more than k fake samples, got ",
              fake.cols());
  detail::check_samples("precision_recall", "real", real);
  detail::check_samples("precision_recall", "fake", fake);
  detail::check_same_width("precision_recall", real, "real", fake, "fake");
  using T = std::common_type_t<detail::work_scalar_t<DR>, detail::work_scalar_t<DF>>;
  const auto r = detail::to_matrix<T>(real);
  const auto f = detail::to_matrix<T>(fake);
  PrecisionRecall out;
  out.precision = detail::fraction_inside(f, r, detail::knn_squared_radii(r, options.k));
  out.recall = detail::fraction_inside(r, f, detail::knn_squared_radii(f, options.k));
  return out;
}

/// precision_recall() in the feature space of `features` (for example an embedding network).
template <class DR, class DF, class F>
  requires FeatureMap<F, typename DR::Scalar> && FeatureMap<F, typename DF::Scalar>
PrecisionRecall precision_recall(const Eigen::MatrixBase<DR>& real, const Eigen::MatrixBase<DF>& fake,
                                 const F& features, PrecisionRecallOptions options = {}) {
  return precision_recall(detail::map_features("precision_recall", "real", features, real),
                          detail::map_features("precision_recall", "fake", features, fake), options);
}

}  // namespace gantk::metrics
