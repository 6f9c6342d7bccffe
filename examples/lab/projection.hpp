// Projection to the plane for plots: identity for 2-d data; for wider data, onto the first two
// principal axes of the mixture's centres, the plane in which the modes are most spread out.
#pragma once

#include <string>

#include <Eigen/Core>
#include <Eigen/SVD>

#include <gantk/data/gaussian_mixture.hpp>

namespace lab {

class Projection {
 public:
  explicit Projection(const gantk::data::GaussianMixture& mixture) {
    const Eigen::MatrixXd& c = mixture.centers();
    if (c.rows() <= 2) return;
    origin_ = c.rowwise().mean();
    const Eigen::MatrixXd centred = c.colwise() - origin_;
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(centred, Eigen::ComputeThinU);
    basis_ = svd.matrixU().leftCols(std::min<Eigen::Index>(2, svd.matrixU().cols()));
    if (basis_.cols() < 2) basis_.conservativeResize(Eigen::NoChange, 2), basis_.col(1).setZero();
    const double total = svd.singularValues().squaredNorm();
    explained_ = total > 0 ? svd.singularValues().head(basis_.cols()).squaredNorm() / total : 1.0;
  }

  bool identity() const { return basis_.size() == 0; }
  /// Share of the centres' variance the plane shows (1 for 2-d data).
  double explained() const { return explained_; }

  /// 2 × n coordinates of the columns of x in the plane.
  template <class Derived>
  Eigen::Matrix2Xd apply(const Eigen::MatrixBase<Derived>& x) const {
    const Eigen::MatrixXd xd = x.template cast<double>();
    if (identity()) {
      Eigen::Matrix2Xd out = Eigen::Matrix2Xd::Zero(2, xd.cols());
      out.topRows(std::min<Eigen::Index>(2, xd.rows())) = xd.topRows(std::min<Eigen::Index>(2, xd.rows()));
      return out;
    }
    return basis_.transpose() * (xd.colwise() - origin_);
  }

 private:
  Eigen::VectorXd origin_;
  Eigen::MatrixXd basis_;  // d × 2, orthonormal columns; empty for 2-d data
  double explained_ = 1.0;
};

}  // namespace lab
