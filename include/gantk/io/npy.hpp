// .npy in and out through xtensor, so samples move to and from NumPy.
//
// NumPy's convention is one sample per row: an (N, d) array. gantk's is one sample per column:
// a d × N column-major matrix. The two have the same bytes, so no transpose is needed.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xnpy.hpp>

#include <gantk/core/error.hpp>
#include <gantk/data/matrix_dataset.hpp>
#include <gantk/io/atomic_file.hpp>

namespace gantk::io {

/// Reads an (N, d) float32 or float64 .npy array as a d × N matrix (a 1-d array is N × 1).
/// @throws gantk::Error naming the file when it is missing, unreadable or of another dtype/rank.
template <class T = float>
HostMatrix<T> load_npy(const std::string& path) {
  GANTK_CHECK(std::filesystem::exists(path), "load_npy: no such file: ", path);
  auto convert = [&](const auto& arr) {
    GANTK_CHECK(arr.dimension() == 1 || arr.dimension() == 2, "load_npy: ", path, " has ", arr.dimension(),
                " dimensions; expected an (N, d) or (N,) array");
    const Index n = static_cast<Index>(arr.shape()[0]);
    const Index d = arr.dimension() == 2 ? static_cast<Index>(arr.shape()[1]) : 1;
    HostMatrix<T> m(d, n);
    const auto* src = arr.data();
    for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<T>(src[i]);
    return m;
  };
  std::string first_error;
  try {
    return convert(xt::load_npy<float>(path));
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    first_error = e.what();
  }
  try {
    return convert(xt::load_npy<double>(path));
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    gantk::detail::fail("load_npy: cannot read ", path, " as a float32 or float64 array (", first_error, "; ", e.what(), ")");
  }
}

/// Loads an (N, d) .npy file as an in-memory dataset (checked for NaN and Inf).
template <class T = float>
data::MatrixDataset<T> load_npy_dataset(const std::string& path) {
  return data::MatrixDataset<T>(load_npy<T>(path));
}

/// Writes a d × N matrix as an (N, d) .npy array, atomically: the file appears whole or not at all.
template <class Derived>
void save_npy(const std::string& path, const Eigen::MatrixBase<Derived>& m) {
  using T = typename Derived::Scalar;
  const HostMatrix<T> dense = m;  // contiguous column-major copy
  auto arr = xt::adapt(dense.data(), static_cast<std::size_t>(dense.size()), xt::no_ownership(),
                       std::vector<std::size_t>{static_cast<std::size_t>(dense.cols()), static_cast<std::size_t>(dense.rows())});
  write_atomically(path, [&](const std::string& tmp) { xt::dump_npy(tmp, arr); });
}

}  // namespace gantk::io
