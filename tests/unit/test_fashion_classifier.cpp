// gantk's Fashion-MNIST classifier on the real images (a short training, so the test stays quick;
// the full one is examples/fashion_classifier.cpp): its cache, and image metrics that tell real
// images from a one-class "generator" on its features.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gantk/metrics/fashion_classifier.hpp>
#include <gantk/metrics/image_metrics.hpp>

namespace fashion_classifier_tests {

using namespace gantk;

TEST_CASE("fashion_classifier: trains, caches, reloads the cache, and retrains a cache trained otherwise") {
  REQUIRE_MESSAGE(std::filesystem::exists(data::FashionMNIST::debian_folder),
                  "Debian's dataset-fashion-mnist is not installed: run scripts/setup");
  const auto folder = std::filesystem::temp_directory_path() / "gantk_fashion_classifier_test";
  std::filesystem::remove_all(folder);
  const std::string cache = (folder / "nested" / "classifier.ckpt").string();
  metrics::FashionClassifierOptions options{.cache = cache, .epochs = 1, .train_images = 1000, .test_images = 2000,
                                            .progress = Progress::Silent};
  const auto first = metrics::fashion_classifier(options);
  CHECK_FALSE(first.from_cache);
  CHECK(std::filesystem::exists(cache));
  CHECK(first.classifier.images_seen() == 1000);
  CHECK(first.test_accuracy > 0.5);  // one epoch on 1000 images; the full training reaches > 0.9

  const auto again = metrics::fashion_classifier(options);
  CHECK(again.from_cache);
  CHECK(again.test_accuracy == first.test_accuracy);

  options.train_images = 800;  // another training: the cache does not describe it
  const auto other = metrics::fashion_classifier(options);
  CHECK_FALSE(other.from_cache);
  CHECK(other.classifier.images_seen() == 800);

  { std::ofstream(cache, std::ios::binary | std::ios::trunc) << "GANTKCKP"; }  // a damaged cache
  const auto repaired = metrics::fashion_classifier(options);
  CHECK_FALSE(repaired.from_cache);
  CHECK(repaired.test_accuracy == other.test_accuracy);  // the same seed trains the same classifier
  std::filesystem::remove_all(folder);
}

TEST_CASE("image_metrics on Fashion-MNIST: real images score near the real data, one class scores as collapse") {
  const auto trained = metrics::fashion_classifier({.cache = "", .epochs = 1, .train_images = 6000,
                                                    .test_images = 2000, .progress = Progress::Silent});
  CHECK(trained.test_accuracy > 0.75);
  const auto test = data::FashionMNIST{.split = data::Split::Test}.dataset();
  const auto train = data::FashionMNIST{}.dataset();
  const Index n = 1500;
  // "generators": real training images (the best case), and trousers only (class 1: complete
  // collapse onto one mode that the classifier recognises well)
  gantk::HostMatrix<float> trousers(784, n);
  Index kept = 0;
  for (Index j = 0; j < train.size() && kept < n; ++j)
    if (train.labels()[static_cast<std::size_t>(j)] == 1) trousers.col(kept++) = train.images().col(j);
  REQUIRE(kept == n);
  const metrics::ImageMetricsOptions options{.ndb_bins = 20};
  const auto real = metrics::image_metrics(trained.classifier, test.images().leftCols(n), train.images().rightCols(n), options);
  const auto collapsed = metrics::image_metrics(trained.classifier, test.images().leftCols(n), trousers, options);
  CHECK(real.classes.covered == 10);
  // a weak classifier calls a few trousers dresses or coats, but most of them trousers
  CHECK(collapsed.classes.counts[1] > n * 8 / 10);
  CHECK(collapsed.classes.covered < 8);
  CHECK(collapsed.classes.kl > 1.5);      // ln 10 ≈ 2.3 for exactly one class
  CHECK(real.classes.kl < 0.1);
  CHECK(collapsed.frechet > 10 * real.frechet);
  CHECK(real.precision_recall.recall > 0.6);
  CHECK(collapsed.precision_recall.recall < 0.5);
  CHECK(real.density_coverage.coverage > collapsed.density_coverage.coverage + 0.4);
  CHECK(collapsed.ndb.different_bins > real.ndb.different_bins + 5);
}

}  // namespace fashion_classifier_tests
