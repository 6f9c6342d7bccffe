// Checks and conversions shared by the metrics: every metric takes sample sets as
// features × samples matrices and reports a bad one by name, index and value.
#pragma once

#include <cmath>
#include <type_traits>

#include <Eigen/Core>

#include <gantk/foundation/config.hpp>
#include <gantk/foundation/error.hpp>

namespace gantk::metrics::detail {

template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

/// The scalar the metrics compute in for samples of type Derived: float stays float (the
/// pairwise products are the cost), everything else becomes double.
template <class Derived>
using work_scalar_t = std::conditional_t<std::is_same_v<typename Derived::Scalar, float>, float, double>;

/// Throws gantk::Error unless `x` has at least `min_samples` columns, at least one row, and only
/// finite values. `metric` and `what` name the call and the argument in the message.
template <class Derived>
void check_samples(const char* metric, const char* what, const Eigen::MatrixBase<Derived>& x, Index min_samples = 1) {
  static_assert(std::is_floating_point_v<typename Derived::Scalar>,
                "gantk::metrics: sample matrices must hold float or double values");
  GANTK_CHECK(x.rows() > 0, metric, ": the ", what, " samples have no features (0 rows)");
  GANTK_CHECK(x.cols() >= min_samples, metric, ": needs at least ", min_samples, " ", what, " samples, got ", x.cols());
  for (Index j = 0; j < x.cols(); ++j)
    for (Index i = 0; i < x.rows(); ++i)
      if (!std::isfinite(x(i, j)))
        gantk::detail::fail(metric, ": ", what, " sample ", j, " has a non-finite value (", x(i, j), ") at feature ", i);
}

/// Throws gantk::Error unless both sample sets have the same number of features.
template <class A, class B>
void check_same_width(const char* metric, const Eigen::MatrixBase<A>& a, const char* a_name,
                      const Eigen::MatrixBase<B>& b, const char* b_name) {
  GANTK_CHECK(a.rows() == b.rows(), metric, ": the ", a_name, " samples have ", a.rows(), " features but the ", b_name,
              " samples have ", b.rows());
}

/// Evaluates any Eigen expression into a plain column-major matrix of scalar T.
template <class T, class Derived>
Matrix<T> to_matrix(const Eigen::MatrixBase<Derived>& x) {
  return x.template cast<T>();
}

}  // namespace gantk::metrics::detail
