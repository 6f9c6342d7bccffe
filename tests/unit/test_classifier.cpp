// The classifier behind the image metrics: its loss against central differences in double, its
// errors, a small convolutional one that learns a task it can only solve by looking, its
// features, and its file round trip.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <vector>

#include <gantk/gantk.hpp>
#include <gantk/metrics/image_metrics.hpp>
#include <gantk/training/classifier.hpp>

namespace classifier_tests {

using namespace gantk;

TEST_CASE("softmax_cross_entropy: log K at equal logits, its gradient against central differences") {
  const std::vector<double> equal(4 * 2, 0.7);
  const std::vector<int> labels{1, 3};
  CHECK(softmax_cross_entropy(equal.data(), 4, 2, labels.data()) == doctest::Approx(std::log(4.0)).epsilon(1e-14));

  std::vector<double> z{0.3, -1.2, 2.0, 0.1, 5.0, -3.0, 0.0, 1.5, -0.4, 0.9, 0.2, -2.2};
  const std::vector<int> y{2, 0, 3};
  std::vector<double> grad(z.size());
  softmax_cross_entropy(z.data(), 4, 3, y.data(), grad.data());
  const double h = 1e-6;
  for (std::size_t i = 0; i < z.size(); ++i) {
    auto up = z, down = z;
    up[i] += h;
    down[i] -= h;
    const double numeric = (softmax_cross_entropy(up.data(), 4, 3, y.data()) -
                            softmax_cross_entropy(down.data(), 4, 3, y.data())) / (2 * h);
    CHECK(grad[i] == doctest::Approx(numeric).epsilon(1e-8));
  }
  // large logits neither overflow nor lose the label's term
  const std::vector<double> big{1000.0, 0.0};
  const std::vector<int> second{1};
  CHECK(softmax_cross_entropy(big.data(), 2, 1, second.data()) == doctest::Approx(1000.0));
}

TEST_CASE("softmax_cross_entropy: a label outside the classes or a non-finite logit is an error naming it") {
  const std::vector<float> z{0.f, 1.f, 2.f};
  const std::vector<int> bad{3};
  CHECK_THROWS_WITH_AS(softmax_cross_entropy(z.data(), 3, 1, bad.data()),
                       doctest::Contains("sample 0 has label 3, outside the 3 classes"), gantk::Error);
  const std::vector<float> nan{0.f, std::nanf(""), 2.f};
  const std::vector<int> ok{0};
  CHECK_THROWS_WITH_AS(softmax_cross_entropy(nan.data(), 3, 1, ok.data()), doctest::Contains("logit 1 of sample 0"),
                       gantk::Error);
}

// Two classes of 1 × 6 × 6 images: a bright vertical or a bright horizontal bar at a random place,
// on noise. The mean brightness is the same, so only a look at the shape separates them.
data::LabeledImages<float> bars(Index n, std::uint64_t seed) {
  Rng rng(seed);
  gantk::HostMatrix<float> images(36, n);
  std::vector<int> labels(static_cast<std::size_t>(n));
  rng.fill_uniform(images.data(), images.size(), -1.0f, -0.6f);
  for (Index j = 0; j < n; ++j) {
    const int label = static_cast<int>(rng.below(2)), at = static_cast<int>(rng.below(6));
    labels[static_cast<std::size_t>(j)] = label;
    for (int t = 0; t < 6; ++t) images(label == 0 ? t * 6 + at : at * 6 + t, j) = 1.0f;
  }
  return data::LabeledImages<float>(std::move(images), std::move(labels), Shape::image(1, 1, 6, 6),
                                    {"vertical", "horizontal"});
}

using BarsSpec = Sequential<Image<1, 6, 6>, Conv2d<4, 3, 1, 1>, ReLU, Dense<16>, ReLU, Dense<2>>;

TEST_CASE("Classifier: a small convolutional network learns bars it can only tell apart by their shape") {
  const auto train = bars(512, 1), test = bars(256, 2);
  Classifier<BarsSpec> classifier({.batch = 32, .seed = 7, .progress = Progress::Silent});
  const double before = classifier.accuracy(test);
  double first = 0, last = 0;
  for (int e = 0; e < 6; ++e) {
    last = classifier.train_epoch(train);
    if (e == 0) first = last;
  }
  CHECK(classifier.epochs() == 6);
  CHECK(last < 0.5 * first);
  CHECK(before < 0.8);
  CHECK(classifier.accuracy(test) > 0.97);

  // features are the last layer's input; probabilities are the softmax of the logits
  const auto f = classifier.features(test.images().leftCols(5));
  CHECK(f.rows() == 16);
  CHECK(f.cols() == 5);
  CHECK(f.minCoeff() >= 0.0f);  // after a ReLU
  const auto p = classifier.probabilities(test.images().leftCols(5));
  for (Index j = 0; j < 5; ++j) CHECK(p.col(j).sum() == doctest::Approx(1.0));
  const auto predicted = classifier.predict(test.images().leftCols(5));
  for (Index j = 0; j < 5; ++j) {
    Index best = 0;
    p.col(j).maxCoeff(&best);
    CHECK(predicted[static_cast<std::size_t>(j)] == best);
  }
}

TEST_CASE("Classifier: saved and loaded, it gives the same logits and trains on identically") {
  const auto train = bars(128, 3);
  Classifier<BarsSpec> a({.batch = 16, .seed = 5, .progress = Progress::Silent});
  a.train_epoch(train);
  const auto path = (std::filesystem::temp_directory_path() / "gantk_classifier_roundtrip.ckpt").string();
  a.save(path);
  Classifier<BarsSpec> b({.batch = 16, .seed = 99, .progress = Progress::Silent});
  b.load(path);
  CHECK(b.epochs() == 1);
  CHECK((a.logits(train.images()) - b.logits(train.images())).cwiseAbs().maxCoeff() == 0.0f);
  a.train_epoch(train);
  b.train_epoch(train);
  CHECK((a.logits(train.images()) - b.logits(train.images())).cwiseAbs().maxCoeff() == 0.0f);

  // another classifier type refuses the file and stays as it was
  using Other = Sequential<Image<1, 6, 6>, Dense<8>, ReLU, Dense<2>>;
  Classifier<Other> other({.progress = Progress::Silent});
  const auto before = other.logits(train.images());
  CHECK_THROWS_AS(other.load(path), gantk::CheckpointError);
  CHECK((other.logits(train.images()) - before).cwiseAbs().maxCoeff() == 0.0f);
  std::filesystem::remove(path);
}

TEST_CASE("Classifier: data of another shape or class count is an error naming both") {
  Classifier<BarsSpec> classifier({.progress = Progress::Silent});
  gantk::HostMatrix<float> images = gantk::HostMatrix<float>::Zero(16, 2);
  const data::LabeledImages<float> small(images, {0, 1}, Shape::image(1, 1, 4, 4), {"a", "b"});
  CHECK_THROWS_WITH_AS(classifier.train_epoch(small), doctest::Contains("images have 16 values, the network takes 36"),
                       gantk::Error);
  gantk::HostMatrix<float> right = gantk::HostMatrix<float>::Zero(36, 1);
  const data::LabeledImages<float> three(right, {2}, Shape::image(1, 1, 6, 6), {"a", "b", "c"});
  CHECK_THROWS_WITH_AS(classifier.accuracy(three), doctest::Contains("the data has 3 classes, the network's last layer 2"),
                       gantk::Error);
}

TEST_CASE("image_metrics: on a trained classifier's features, a collapsed generator scores worse than a faithful one") {
  const auto train = bars(512, 1), real = bars(400, 11), faithful = bars(400, 12), mixed = bars(1600, 13);
  Classifier<BarsSpec> classifier({.batch = 32, .seed = 7, .progress = Progress::Silent});
  for (int e = 0; e < 6; ++e) classifier.train_epoch(train);
  // the collapsed "generator" gives only vertical bars (class 0)
  gantk::HostMatrix<float> collapsed(36, 400);
  Index kept = 0;
  for (Index j = 0; j < mixed.size() && kept < 400; ++j)
    if (mixed.labels()[static_cast<std::size_t>(j)] == 0) collapsed.col(kept++) = mixed.images().col(j);
  REQUIRE(kept == 400);

  const metrics::ImageMetricsOptions options{.ndb_bins = 10};
  const auto good = metrics::image_metrics(classifier, real.images(), faithful.images(), options);
  const auto bad = metrics::image_metrics(classifier, real.images(), collapsed, options);
  CHECK(good.real == 400);
  CHECK(good.fake == 400);
  CHECK(good.classes.covered == 2);
  CHECK(bad.classes.covered == 1);
  CHECK(bad.classes.counts[0] == 400);
  CHECK(good.classes.kl < 0.02);
  CHECK(bad.classes.kl == doctest::Approx(std::log(2.0)).epsilon(1e-9));
  CHECK(bad.frechet > 4 * good.frechet);
  CHECK(good.precision_recall.recall > 0.8);
  CHECK(bad.precision_recall.recall < 0.6);
  CHECK(good.density_coverage.coverage > bad.density_coverage.coverage + 0.3);
  CHECK(bad.ndb.different_bins > good.ndb.different_bins);

  gantk::HostMatrix<float> narrow = gantk::HostMatrix<float>::Zero(35, 10);
  CHECK_THROWS_AS(metrics::image_metrics(classifier, real.images(), narrow), gantk::Error);
}

}  // namespace classifier_tests
