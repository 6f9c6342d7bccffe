// What a labelled dataset is: a Dataset that can also say which class each sample it draws belongs to.
#pragma once

#include <concepts>
#include <span>
#include <type_traits>
#include <utility>

#include <gantk/data/dataset.hpp>

namespace gantk {

/// A Dataset whose samples carry a class in [0, classes()). `sample(out, labels, rng)` fills
/// every column j of `out` with one sample and labels[j] with its class (labels.size() ==
/// out.cols()), drawing from `rng` exactly what `sample(out, rng)` draws: the two give the same
/// samples from the same stream, so labels cost an unconditional GAN nothing. Class-conditional
/// GANs (gantk::Conditional<K>) train only on such data.
template <class D>
concept LabeledDataset = Dataset<D> && requires(const D& d, HostView<float> out, HostView<double> outd,
                                                std::span<int> labels, Rng& rng) {
  { d.classes() } -> std::convertible_to<int>;
  d.sample(out, labels, rng);
  d.sample(outd, labels, rng);
};

/// A LabeledDataset that can also draw samples of a class it is asked for: `sample_class(out, c,
/// rng)` fills every column of `out` with a sample of class c. Class packing (gantk::ClassPacking<m>)
/// needs it to make packs of m real samples of one class.
template <class D>
concept ClassSamplingDataset = LabeledDataset<D> && requires(const D& d, HostView<float> out, HostView<double> outd,
                                                             int c, Rng& rng) {
  d.sample_class(out, c, rng);
  d.sample_class(outd, c, rng);
};

namespace detail {
/// The dataset type a Dataset or a DatasetSpec (Ring, Grid) stands for.
template <class D>
using dataset_of_t = std::remove_cvref_t<decltype(as_dataset(std::declval<const D&>()))>;
}  // namespace detail

}  // namespace gantk
