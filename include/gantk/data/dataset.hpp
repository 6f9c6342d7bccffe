// What a dataset is: a width and a way to fill a batch (features × batch) from a random stream.
#pragma once

#include <concepts>

#include <Eigen/Core>

#include <gantk/foundation/config.hpp>
#include <gantk/foundation/rng.hpp>

namespace gantk {

template <class T>
using HostMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using HostView = Eigen::Map<HostMatrix<T>>;

/// A source of real samples. `sample` fills every column of `out` (width × n) with one sample,
/// drawing only from `rng`, so a seed fixes the sequence of batches.
template <class D>
concept Dataset = requires(const D& d, HostView<float> out, HostView<double> outd, Rng& rng) {
  { d.width() } -> std::convertible_to<Index>;
  d.sample(out, rng);
  d.sample(outd, rng);
};

/// Something that describes a dataset without being one (Ring, Grid): it converts itself.
template <class S>
concept DatasetSpec = requires(const S& s) {
  { s.dataset() } -> Dataset;
};

namespace detail {
template <class D>
decltype(auto) as_dataset(const D& d) {
  if constexpr (Dataset<D>) return (d);
  else return d.dataset();
}
}  // namespace detail

}  // namespace gantk
