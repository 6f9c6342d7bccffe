// The Fashion-MNIST feature network: a small CNN that gantk trains itself on the training split,
// so image metrics need no download. Its 128 features (the input of its last layer) stand where
// Inception-v3's pool features stand in FID; its classes give class coverage.
//
// These are not Inception-FID numbers: the network, its features and its training set differ, so
// a "Fréchet distance on gantk's Fashion-MNIST classifier" compares runs of gantk with each other,
// never with FIDs from papers.
#pragma once

#include <algorithm>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <gantk/data/fashion_mnist.hpp>
#include <gantk/io/checkpoint_error.hpp>
#include <gantk/layers/activations.hpp>
#include <gantk/layers/avg_pool.hpp>
#include <gantk/layers/conv2d.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/image.hpp>
#include <gantk/training/classifier.hpp>

namespace gantk::metrics {

/// Two 3 × 3 convolutions, each followed by 2 × 2 average pooling, then 128 features and 10 classes.
using FashionClassifierSpec = Sequential<Image<1, 28, 28>, Conv2d<32, 3, 1, 1>, ReLU, AvgPool<2>, Conv2d<64, 3, 1, 1>,
                                         ReLU, AvgPool<2>, Dense<128>, ReLU, Dense<10>>;
using FashionClassifier = Classifier<FashionClassifierSpec>;

/// Where a trained classifier is cached: $GANTK_CACHE_DIR, else $XDG_CACHE_HOME/gantk, else
/// $HOME/.cache/gantk, else .gantk-cache in the working folder.
inline std::string default_cache_folder() {
  if (const char* dir = std::getenv("GANTK_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/gantk";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/gantk";
  return ".gantk-cache";
}

/// How to get the Fashion-MNIST classifier.
struct FashionClassifierOptions {
  /// The cached weights; trained and written there when missing or unreadable. Empty: never cached.
  std::string cache = default_cache_folder() + "/fashion-classifier-v1.ckpt";
  std::string data_folder = data::FashionMNIST::debian_folder;
  int epochs = 6;
  Index train_images = 0;  ///< the first this many training images (0: all 60 000); for quick tests
  Index test_images = 0;   ///< accuracy on the first this many test images (0: all 10 000)
  std::uint64_t seed = 1;
  Progress progress = Progress::Auto;
  std::ostream* log = &std::cerr;
};

namespace detail {
/// The first n images of a set (all of them when n is 0 or more than there are).
inline data::LabeledImages<float> first_images(data::LabeledImages<float> set, Index n) {
  if (n == 0 || n >= set.size()) return set;
  std::vector<int> labels(set.labels().begin(), set.labels().begin() + n);
  return data::LabeledImages<float>(set.images().leftCols(n), std::move(labels), set.image_shape(), set.class_names());
}
}  // namespace detail

/// A trained classifier with its accuracy on the test split, measured now (not read from a file).
struct TrainedFashionClassifier {
  FashionClassifier classifier;
  double test_accuracy = 0;
  bool from_cache = false;
};

/// Loads the cached classifier, or trains one on the training split (with Adam and a learning
/// rate halved each epoch after the third) and caches it. A cache that was trained otherwise
/// (epochs, images) or written by a build whose classifier type differs is retrained, not trusted.
/// @throws gantk::Error when the data cannot be read.
inline TrainedFashionClassifier fashion_classifier(const FashionClassifierOptions& options = {}) {
  GANTK_CHECK(options.epochs >= 1, "fashion_classifier: epochs must be at least 1, got ", options.epochs);
  TrainedFashionClassifier out{FashionClassifier({.seed = options.seed, .progress = options.progress, .log = options.log})};
  GANTK_CHECK(options.train_images >= 0 && options.test_images >= 0,
              "fashion_classifier: train_images and test_images must be ≥ 0, got ", options.train_images, " and ",
              options.test_images);
  const auto test = detail::first_images(data::FashionMNIST{.folder = options.data_folder, .split = data::Split::Test}.dataset(),
                                 options.test_images);
  const data::FashionMNIST train_split{.folder = options.data_folder, .split = data::Split::Train};
  // a cache hit needs only the training split's size (its label file), not its 47 MB of images
  const Index available = train_split.size();
  const Index train_count = options.train_images == 0 ? available : std::min(options.train_images, available);
  if (!options.cache.empty() && std::filesystem::exists(options.cache)) {
    try {
      out.classifier.load(options.cache);
      out.from_cache = out.classifier.epochs() == options.epochs &&
                       out.classifier.images_seen() == options.epochs * static_cast<long>(train_count);
    } catch (const CheckpointError& e) {
      if (options.progress != Progress::Silent) *options.log << "retraining the classifier: " << e.what() << '\n';
    }
  }
  if (!out.from_cache) {
    out.classifier = FashionClassifier({.seed = options.seed, .progress = options.progress, .log = options.log});
    const auto train = detail::first_images(train_split.dataset(), options.train_images);
    for (int e = 0; e < options.epochs; ++e) {
      if (e >= 3) out.classifier.set_learning_rate(out.classifier.learning_rate() / 2);
      out.classifier.train_epoch(train);
    }
    if (!options.cache.empty()) {
      const auto folder = std::filesystem::path(options.cache).parent_path();
      if (!folder.empty()) std::filesystem::create_directories(folder);
      out.classifier.save(options.cache);
    }
  }
  out.test_accuracy = out.classifier.accuracy(test);
  return out;
}

}  // namespace gantk::metrics
