// LabeledImages: images with class labels, held in memory, one image per column.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <gantk/backend/shape.hpp>
#include <gantk/data/dataset.hpp>
#include <gantk/data/matrix_dataset.hpp>
#include <gantk/foundation/error.hpp>

namespace gantk::data {

/// Images of one shape with a class label each. Column j of images() is image j, its C·H·W
/// values in (channel, row, column) order: the NCHW layout every backend uses (backend/shape.hpp).
/// As a Dataset it draws images uniformly with replacement, like MatrixDataset; as a
/// LabeledDataset it draws the same images together with their labels; as a ClassSamplingDataset
/// it draws images of a class it is asked for.
template <class S = float>
class LabeledImages {
 public:
  /// @throws gantk::Error if the shapes disagree, a label is outside [0, class_names.size()), or a
  /// pixel is NaN or Inf.
  LabeledImages(HostMatrix<S> images, std::vector<int> labels, Shape image, std::vector<std::string> class_names)
      : images_(std::move(images)), labels_(std::move(labels)), image_(image), class_names_(std::move(class_names)) {
    image_.n = 1;
    GANTK_CHECK(images_.samples().rows() == image_.features(), "LabeledImages: images have ",
                images_.samples().rows(), " values each, a ", image_.c, " × ", image_.h, " × ", image_.w,
                " image has ", image_.features());
    GANTK_CHECK(static_cast<Index>(labels_.size()) == images_.size(), "LabeledImages: ", images_.size(),
                " images but ", labels_.size(), " labels");
    const int k = static_cast<int>(class_names_.size());
    by_class_.resize(class_names_.size());
    for (std::size_t j = 0; j < labels_.size(); ++j) {
      GANTK_CHECK(labels_[j] >= 0 && labels_[j] < k, "LabeledImages: image ", j, " has label ", labels_[j],
                  ", outside the ", k, " classes");
      by_class_[static_cast<std::size_t>(labels_[j])].push_back(static_cast<std::uint32_t>(j));
    }
  }

  // ---- as a Dataset ----
  Index width() const { return images_.width(); }
  template <class T>
  void sample(HostView<T> out, Rng& rng) const {
    images_.sample(out, rng);
  }
  // ---- as a LabeledDataset ----
  /// As sample(out, rng) (the same images from the same stream), with each image's label.
  template <class T>
  void sample(HostView<T> out, std::span<int> labels, Rng& rng) const {
    GANTK_CHECK(out.rows() == width(), "LabeledImages::sample: output has ", out.rows(), " rows, an image has ",
                width(), " values");
    GANTK_CHECK(static_cast<Index>(labels.size()) == out.cols(), "LabeledImages::sample: ", labels.size(),
                " labels for ", out.cols(), " images");
    const auto n = static_cast<std::uint32_t>(images_.size());
    for (Index j = 0; j < out.cols(); ++j) {
      const std::uint32_t k = rng.below(n);  // MatrixDataset::sample's draw
      out.col(j) = images_.samples().col(k).template cast<T>();
      labels[static_cast<std::size_t>(j)] = labels_[k];
    }
  }

  // ---- as a ClassSamplingDataset ----
  /// out.cols() images of class c, drawn uniformly with replacement among that class's images
  /// (the real packs of ClassPacking<m>).
  template <class T>
  void sample_class(HostView<T> out, int c, Rng& rng) const {
    GANTK_CHECK(out.rows() == width(), "LabeledImages::sample_class: output has ", out.rows(), " rows, an image has ",
                width(), " values");
    GANTK_CHECK(c >= 0 && c < classes(), "LabeledImages::sample_class: class ", c, " is outside the ", classes(),
                " classes");
    const auto& members = by_class_[static_cast<std::size_t>(c)];
    GANTK_CHECK(!members.empty(), "LabeledImages::sample_class: class ", c, " (", class_names_[static_cast<std::size_t>(c)],
                ") has no images");
    const auto n = static_cast<std::uint32_t>(members.size());
    for (Index j = 0; j < out.cols(); ++j) out.col(j) = images_.samples().col(members[rng.below(n)]).template cast<T>();
  }

  /// Number of images.
  Index size() const { return images_.size(); }
  /// One image's shape (n = 1).
  const Shape& image_shape() const { return image_; }
  /// The images, one per column.
  const HostMatrix<S>& images() const { return images_.samples(); }
  const std::vector<int>& labels() const { return labels_; }
  int classes() const { return static_cast<int>(class_names_.size()); }
  const std::vector<std::string>& class_names() const { return class_names_; }
  /// Images per class (index = label).
  std::vector<Index> class_counts() const {
    std::vector<Index> counts(class_names_.size(), 0);
    for (const int l : labels_) ++counts[static_cast<std::size_t>(l)];
    return counts;
  }

 private:
  MatrixDataset<S> images_;
  std::vector<int> labels_;
  std::vector<std::vector<std::uint32_t>> by_class_;  // the images of each class
  Shape image_;
  std::vector<std::string> class_names_;
};

}  // namespace gantk::data
