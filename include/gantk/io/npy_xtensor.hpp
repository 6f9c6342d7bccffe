// .npy files as xtensor arrays, through gantk's strict reader and atomic writer.
//
// Not included by <gantk/gantk.hpp>: xtensor's headers cost every translation unit seconds of
// compile time, so only code that wants xt::xarray includes this one.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>

#include <gantk/foundation/error.hpp>
#include <gantk/io/npy.hpp>

namespace gantk::io {

/// Reads an (N, d) or (N,) float32 or float64 .npy file into a row-major xt::xarray of that shape.
/// @throws gantk::Error as load_npy does.
template <NpyScalar T = float>
xt::xarray<T> load_npy_xarray(const std::string& path) {
  const NpyArray<T> a = read_npy_file<T>(path);
  std::vector<std::size_t> shape{static_cast<std::size_t>(a.header.rows)};
  if (a.header.rank == 2) shape.push_back(static_cast<std::size_t>(a.header.cols));
  xt::xarray<T> out(shape);
  // the d × N column-major matrix and the row-major (N, d) array share one order
  std::copy(a.values.data(), a.values.data() + a.values.size(), out.data());
  return out;
}

/// Writes a 1-d or 2-d xtensor expression of floats or doubles as a .npy file, atomically.
/// @throws gantk::Error naming the file for another rank or a failed write.
template <class E>
void save_npy(const std::string& path, const xt::xexpression<E>& e) {
  using T = typename E::value_type;
  static_assert(NpyScalar<T>, "save_npy writes float or double arrays; cast the array first (xt::cast<float>(a))");
  const xt::xarray<T, xt::layout_type::row_major> a = e.derived_cast();
  GANTK_CHECK(a.dimension() == 1 || a.dimension() == 2, "save_npy: ", path, ": the array has ", a.dimension(),
              " dimensions; .npy files here hold (N,) or (N, d) arrays");
  const auto rows = static_cast<std::uint64_t>(a.shape()[0]);
  const auto cols = a.dimension() == 2 ? static_cast<std::uint64_t>(a.shape()[1]) : std::uint64_t{1};
  write_atomically(path, [&](const std::string& tmp) {
    detail::write_npy_file<T>(tmp, a.data(), rows, cols, static_cast<int>(a.dimension()));
  });
}

}  // namespace gantk::io
