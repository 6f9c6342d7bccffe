// Labelled datasets: the LabeledDataset concept, and the mixtures and labelled images drawing each
// sample's class with it, the same samples as an unlabelled draw from the same stream.
#include <doctest/doctest.h>

#include <span>
#include <string>
#include <vector>

#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/data/labeled_dataset.hpp>
#include <gantk/data/labeled_images.hpp>
#include <gantk/data/matrix_dataset.hpp>
#include <gantk/foundation/error.hpp>

using namespace gantk;

static_assert(LabeledDataset<data::GaussianMixture>);
static_assert(LabeledDataset<data::LabeledImages<float>>);
static_assert(LabeledDataset<detail::dataset_of_t<data::Grid>>);
static_assert(Dataset<data::MatrixDataset<float>> && !LabeledDataset<data::MatrixDataset<float>>);

TEST_CASE("GaussianMixture: labelled draws are the unlabelled draws, each labelled with its component") {
  const auto grid = data::Grid{}.dataset();  // 25 modes 2 apart, σ 0.05: the nearest centre is the component
  CHECK(grid.classes() == 25);
  Rng a(3), b(3);
  HostMatrix<double> plain(2, 500), labelled(2, 500);
  std::vector<int> labels(500, -1);
  grid.sample(HostView<double>(plain.data(), 2, 500), a);
  grid.sample(HostView<double>(labelled.data(), 2, 500), std::span<int>(labels), b);
  CHECK(plain == labelled);
  CHECK(a.below(1000) == b.below(1000));  // and the streams moved alike
  std::vector<int> seen(25, 0);
  for (Index j = 0; j < 500; ++j) {
    const int label = labels[static_cast<std::size_t>(j)];
    REQUIRE(label >= 0);
    REQUIRE(label < 25);
    ++seen[static_cast<std::size_t>(label)];
    Index nearest = 0;
    (grid.centers().cast<double>().colwise() - labelled.col(j)).colwise().squaredNorm().minCoeff(&nearest);
    CHECK(nearest == label);
  }
  for (const int count : seen) CHECK(count > 0);  // 500 draws over 25 modes reach all of them
}

TEST_CASE("GaussianMixture: labels follow the weights") {
  const auto ring = data::Ring{.modes = 4, .weights = {6, 2, 1, 1}}.dataset();
  Rng rng(8);
  HostMatrix<float> out(2, 20000);
  std::vector<int> labels(20000);
  ring.sample(HostView<float>(out.data(), 2, 20000), std::span<int>(labels), rng);
  std::vector<double> share(4, 0.0);
  for (const int l : labels) share[static_cast<std::size_t>(l)] += 1.0 / 20000;
  CHECK(share[0] == doctest::Approx(0.6).epsilon(0.05));
  CHECK(share[1] == doctest::Approx(0.2).epsilon(0.08));
  CHECK(share[2] == doctest::Approx(0.1).epsilon(0.12));
  CHECK(share[3] == doctest::Approx(0.1).epsilon(0.12));
}

TEST_CASE("GaussianMixture: a label buffer of the wrong size is an error naming both sizes") {
  const auto ring = data::Ring{}.dataset();
  Rng rng(1);
  HostMatrix<float> out(2, 4);
  std::vector<int> labels(3);
  CHECK_THROWS_WITH_AS(ring.sample(HostView<float>(out.data(), 2, 4), std::span<int>(labels), rng),
                       doctest::Contains("3 labels for 4 samples"), Error);
}

TEST_CASE("LabeledImages: labelled draws are the unlabelled draws, with each image's label") {
  // image k's pixels all equal 10·k, its label k % 3: a drawn image says which it was
  const Index n = 12;
  HostMatrix<float> images(4, n);
  std::vector<int> labels;
  for (Index k = 0; k < n; ++k) {
    images.col(k).setConstant(10.0f * static_cast<float>(k));
    labels.push_back(static_cast<int>(k % 3));
  }
  const data::LabeledImages<float> set(images, labels, Shape::image(1, 1, 2, 2), {"a", "b", "c"});
  CHECK(set.classes() == 3);
  Rng a(5), b(5);
  HostMatrix<float> plain(4, 40), labelled(4, 40);
  std::vector<int> drawn(40, -1);
  set.sample(HostView<float>(plain.data(), 4, 40), a);
  set.sample(HostView<float>(labelled.data(), 4, 40), std::span<int>(drawn), b);
  CHECK(plain == labelled);
  for (Index j = 0; j < 40; ++j) {
    const int k = static_cast<int>(labelled(0, j) / 10.0f + 0.5f);
    CHECK(drawn[static_cast<std::size_t>(j)] == k % 3);
  }
  std::vector<int> short_labels(39);
  CHECK_THROWS_WITH_AS(set.sample(HostView<float>(labelled.data(), 4, 40), std::span<int>(short_labels), b),
                       doctest::Contains("39 labels for 40 images"), Error);
}

TEST_CASE("LabeledImages: sample_class draws every image of the class asked for, and only those") {
  static_assert(ClassSamplingDataset<data::LabeledImages<float>>);
  const Index n = 12;
  HostMatrix<float> images(4, n);
  std::vector<int> labels;
  for (Index k = 0; k < n; ++k) {
    images.col(k).setConstant(10.0f * static_cast<float>(k));
    labels.push_back(static_cast<int>(k % 3));
  }
  const data::LabeledImages<float> set(images, labels, Shape::image(1, 1, 2, 2), {"a", "b", "c", "empty"});
  Rng rng(7);
  HostMatrix<double> out(4, 200);
  set.sample_class(HostView<double>(out.data(), 4, 200), 1, rng);
  std::vector<int> seen(n, 0);
  for (Index j = 0; j < 200; ++j) ++seen[static_cast<std::size_t>(out(0, j) / 10.0 + 0.5)];
  for (Index k = 0; k < n; ++k) {
    CAPTURE(k);
    if (k % 3 == 1) CHECK(seen[static_cast<std::size_t>(k)] > 20);  // 4 images, 50 draws each on average
    else CHECK(seen[static_cast<std::size_t>(k)] == 0);
  }
  CHECK_THROWS_WITH_AS(set.sample_class(HostView<double>(out.data(), 4, 200), 3, rng),
                       doctest::Contains("class 3 (empty) has no images"), Error);
  CHECK_THROWS_WITH_AS(set.sample_class(HostView<double>(out.data(), 4, 200), 4, rng),
                       doctest::Contains("class 4 is outside the 4 classes"), Error);
  CHECK_THROWS_WITH_AS(set.sample_class(HostView<double>(out.data(), 2, 400), 0, rng),
                       doctest::Contains("output has 2 rows, an image has 4 values"), Error);
}
