// MatrixDataset: real samples held in memory, one per column.
#pragma once

#include <cmath>

#include <gantk/foundation/error.hpp>
#include <gantk/data/dataset.hpp>

namespace gantk::data {

/// Samples held in a width × N matrix. Batches are drawn uniformly with replacement, which
/// keeps every draw a pure function of the random stream (no hidden epoch state).
template <class S = float>
class MatrixDataset {
 public:
  /// @throws gantk::Error if the matrix is empty or holds NaN or Inf (naming the first one).
  explicit MatrixDataset(HostMatrix<S> samples) : samples_(std::move(samples)) {
    GANTK_CHECK(samples_.cols() > 0 && samples_.rows() > 0, "MatrixDataset: the dataset is empty (",
                samples_.rows(), " × ", samples_.cols(), ")");
    for (Index j = 0; j < samples_.cols(); ++j)
      for (Index i = 0; i < samples_.rows(); ++i)
        GANTK_CHECK(std::isfinite(samples_(i, j)), "MatrixDataset: sample ", j, " has a non-finite value (",
                    samples_(i, j), ") in feature ", i);
  }

  Index width() const { return samples_.rows(); }
  Index size() const { return samples_.cols(); }
  const HostMatrix<S>& samples() const { return samples_; }

  template <class T>
  void sample(HostView<T> out, Rng& rng) const {
    GANTK_CHECK(out.rows() == width(), "MatrixDataset::sample: output has ", out.rows(), " rows, the data width is ",
                width());
    const auto n = static_cast<std::uint32_t>(samples_.cols());
    for (Index j = 0; j < out.cols(); ++j) out.col(j) = samples_.col(rng.below(n)).template cast<T>();
  }

 private:
  HostMatrix<S> samples_;
};

}  // namespace gantk::data
