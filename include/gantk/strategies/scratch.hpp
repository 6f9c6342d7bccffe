// ScratchMatrix: a strategy's buffer in the GAN's scalar type.
//
// Strategies are plain settings structs, not templates on the scalar (float for training,
// double for gradient checks), so a buffer holds one matrix of each kind and uses the one the
// GAN asks for. Only that one is ever sized.
#pragma once

#include <type_traits>

#include <gantk/data/dataset.hpp>

namespace gantk::detail {

struct ScratchMatrix {
  HostMatrix<float> f;
  HostMatrix<double> d;

  template <class T>
  HostMatrix<T>& get() {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "ScratchMatrix holds float or double");
    if constexpr (std::is_same_v<T, float>) return f;
    else return d;
  }
  /// Sizes the matrix for scalar T (allocates only when the shape changes).
  template <class T>
  HostMatrix<T>& resize(Index rows, Index cols) {
    auto& m = get<T>();
    if (m.rows() != rows || m.cols() != cols) m.resize(rows, cols);
    return m;
  }
};

}  // namespace gantk::detail
