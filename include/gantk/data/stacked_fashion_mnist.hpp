// StackedFashionMNIST: three Fashion-MNIST images as the three channels of one 3 × 28 × 28 image,
// so that the class triples make 1000 modes. The stacked-MNIST test of mode collapse (Metz et al.
// 2017, "Unrolled GANs"; Srivastava et al. 2017, "VEEGAN"; Lin et al. 2018, "PacGAN") stacks
// MNIST digits; only Fashion-MNIST is packaged on Debian, so gantk stacks clothes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <gantk/data/fashion_mnist.hpp>
#include <gantk/data/labeled_images.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/foundation/rng.hpp>

namespace gantk::data {

/// The class triple (channel 0, 1, 2) of a stacked label: label = 100·c₀ + 10·c₁ + c₂.
struct ClassTriple {
  int c0 = 0, c1 = 0, c2 = 0;
  static ClassTriple of(int label) { return {label / 100, label / 10 % 10, label % 10}; }
  int label() const { return 100 * c0 + 10 * c1 + c2; }
};

/// Stacked Fashion-MNIST as a dataset spec. Each sample's three channels are images drawn
/// uniformly (with replacement, from `seed`) from one split; its label is the triple's number
/// 100·c₀ + 10·c₁ + c₂ (ClassTriple), so the 1000 triples are the modes, near-uniform in
/// probability. Pixels in [−1, 1] as in FashionMNIST; 3 × 28 × 28 floats, 128 000 samples ≈ 1.2 GB.
struct StackedFashionMNIST {
  std::string folder = FashionMNIST::debian_folder;
  Split split = Split::Train;
  Index samples = 128'000;  ///< the size of the stacked set (VEEGAN's and PacGAN's choice)
  std::uint64_t seed = 1;

  /// Triple names such as "Trouser|Bag|Sandal", in label order.
  static std::vector<std::string> class_names() {
    const auto names = FashionMNIST::class_names();
    std::vector<std::string> out;
    out.reserve(1000);
    for (int label = 0; label < 1000; ++label) {
      const auto t = ClassTriple::of(label);
      out.push_back(names[static_cast<std::size_t>(t.c0)] + "|" + names[static_cast<std::size_t>(t.c1)] + "|" +
                    names[static_cast<std::size_t>(t.c2)]);
    }
    return out;
  }

  /// Stacks `samples` triples from the split. @throws gantk::Error when samples < 1 or the
  /// Fashion-MNIST files cannot be read.
  LabeledImages<float> dataset() const {
    GANTK_CHECK(samples >= 1, "StackedFashionMNIST: samples must be at least 1, got ", samples);
    const auto source = FashionMNIST{.folder = folder, .split = split}.dataset();
    const Index plane = source.width(), n = source.size();
    HostMatrix<float> stacked(3 * plane, samples);
    std::vector<int> labels(static_cast<std::size_t>(samples));
    Rng rng(seed);
    for (Index j = 0; j < samples; ++j) {
      int label = 0;
      for (Index c = 0; c < 3; ++c) {
        const Index pick = static_cast<Index>(rng.below(static_cast<std::uint32_t>(n)));
        stacked.col(j).segment(c * plane, plane) = source.images().col(pick);
        label = 10 * label + source.labels()[static_cast<std::size_t>(pick)];
      }
      labels[static_cast<std::size_t>(j)] = label;
    }
    const Shape one = source.image_shape();
    return LabeledImages<float>(std::move(stacked), std::move(labels), Shape::image(1, 3, one.h, one.w), class_names());
  }
};

}  // namespace gantk::data
