// Feature maps: any callable that turns a sample matrix (d × n) into a feature matrix (f × n),
// such as an embedding network or a fixed projection. Metrics that compare distributions in a
// feature space (precision/recall, density/coverage, Fréchet distance, MMD) accept one.
#pragma once

#include <type_traits>

#include <Eigen/Core>

#include <gantk/metrics/detail/samples.hpp>

namespace gantk::metrics {

/// A callable f with f(x) an Eigen matrix (or expression) of features × samples, for x a plain
/// matrix of the given scalar holding samples as columns.
template <class F, class Scalar>
concept FeatureMap = requires(const F& f, const detail::Matrix<Scalar>& x) {
  typename std::decay_t<decltype(f(x))>::Scalar;
  { f(x).rows() } -> std::convertible_to<Index>;
  { f(x).cols() } -> std::convertible_to<Index>;
};

namespace detail {

/// Applies a feature map to samples and checks that it kept one column per sample.
template <class F, class Derived>
auto map_features(const char* metric, const char* what, const F& f, const Eigen::MatrixBase<Derived>& x) {
  using S = typename Derived::Scalar;
  const Matrix<S> samples = x;
  using R = typename std::decay_t<decltype(f(samples))>::Scalar;
  static_assert(std::is_floating_point_v<R>, "a feature map must return float or double features");
  Matrix<R> features = f(samples);
  GANTK_CHECK(features.cols() == samples.cols(), metric, ": the feature map returned ", features.cols(),
              " columns for ", samples.cols(), " ", what, " samples (it must return one column per sample)");
  return features;
}

}  // namespace detail
}  // namespace gantk::metrics
