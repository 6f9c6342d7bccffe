// FashionMNIST: Zalando's Fashion-MNIST (Xiao, Rasul & Vollgraf 2017), 28 × 28 grey images of ten
// kinds of clothing, read from Debian's dataset-fashion-mnist package or any folder of its files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <gantk/backend/shape.hpp>
#include <gantk/data/labeled_images.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/io/idx.hpp>

namespace gantk::data {

/// Which part of Fashion-MNIST: the 60 000 training images or the 10 000 test images.
enum class Split { Train, Test };

/// Fashion-MNIST as a dataset spec: `gan.fit(data::FashionMNIST{}, ...)`, or `.dataset()` once
/// and keep it (reading the training set takes a fraction of a second and 190 MB as float).
/// Pixels are scaled from 0…255 to [−1, 1] (a tanh generator's range); labels are kept.
struct FashionMNIST {
  /// Where Debian's dataset-fashion-mnist package puts the files (`apt-get install
  /// dataset-fashion-mnist`; gantk's scripts/setup installs it).
  static constexpr const char* debian_folder = "/usr/share/datasets/fashion-mnist";

  std::string folder = debian_folder;  ///< holds {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]
  Split split = Split::Train;

  /// The ten classes, in label order.
  static std::vector<std::string> class_names() {
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
  }

  /// Reads the split. @throws gantk::Error naming the missing or malformed file.
  LabeledImages<float> dataset() const {
    const io::IdxArray images = io::read_idx(find(prefix() + "-images-idx3-ubyte"));
    const io::IdxArray labels = read_labels();
    GANTK_CHECK(images.dims.size() == 3, "FashionMNIST: the image file has ", images.dims.size(),
                " dimensions, expected 3 (images × rows × columns)");
    GANTK_CHECK(images.dims[0] == labels.dims[0], "FashionMNIST: ", images.dims[0], " images but ", labels.dims[0],
                " labels");
    const Index n = images.dims[0], h = images.dims[1], w = images.dims[2];
    HostMatrix<float> pixels(h * w, n);
    for (Index i = 0; i < pixels.size(); ++i)
      pixels.data()[i] = static_cast<float>(images.values[static_cast<std::size_t>(i)]) / 127.5f - 1.0f;
    std::vector<int> classes(labels.values.begin(), labels.values.end());
    return LabeledImages<float>(std::move(pixels), std::move(classes), Shape::image(1, 1, h, w), class_names());
  }

  /// How many images the split holds, read from its label file alone (tens of kB, not the images).
  /// @throws gantk::Error naming the missing or malformed file.
  Index size() const { return static_cast<Index>(read_labels().dims[0]); }

 private:
  std::string prefix() const { return split == Split::Train ? "train" : "t10k"; }

  io::IdxArray read_labels() const {
    io::IdxArray labels = io::read_idx(find(prefix() + "-labels-idx1-ubyte"));
    GANTK_CHECK(labels.dims.size() == 1, "FashionMNIST: the label file has ", labels.dims.size(),
                " dimensions, expected 1");
    return labels;
  }

  // name.gz, else name (an unpacked copy)
  std::string find(const std::string& name) const {
    const std::filesystem::path dir(folder);
    for (const auto& candidate : {dir / (name + ".gz"), dir / name})
      if (std::filesystem::is_regular_file(candidate)) return candidate.string();
    detail::fail("FashionMNIST: neither ", (dir / (name + ".gz")).string(), " nor ", (dir / name).string(),
                 " exists", folder == debian_folder ? ": install Debian's dataset-fashion-mnist package "
                                                      "(apt-get install dataset-fashion-mnist) or set FashionMNIST::folder"
                                                    : ": set FashionMNIST::folder to the folder that holds the files");
  }
};

}  // namespace gantk::data
