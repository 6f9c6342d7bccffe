// Stacked Fashion-MNIST (three images as three channels, 1000 class triples) and the stacked-MNIST
// protocol's mode count and KL, checked on triples whose answer is known.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <set>
#include <vector>

#include <gantk/data/stacked_fashion_mnist.hpp>
#include <gantk/metrics/stacked_mode_coverage.hpp>

namespace stacked_fashion {

using namespace gantk;

TEST_CASE("StackedFashionMNIST: three images per sample, labelled by their class triple, reproducible from the seed") {
  REQUIRE_MESSAGE(std::filesystem::exists(data::FashionMNIST::debian_folder),
                  "Debian's dataset-fashion-mnist is not installed: run scripts/setup");
  const auto source = data::FashionMNIST{.split = data::Split::Test}.dataset();
  const auto stacked = data::StackedFashionMNIST{.split = data::Split::Test, .samples = 2000, .seed = 3}.dataset();
  CHECK(stacked.size() == 2000);
  CHECK(stacked.width() == 3 * 784);
  CHECK(stacked.image_shape() == Shape::image(1, 3, 28, 28));
  CHECK(stacked.classes() == 1000);
  CHECK(stacked.class_names()[85] == "T-shirt/top|Bag|Sandal");
  CHECK(stacked.class_names()[195] == "Trouser|Ankle boot|Sandal");
  // each channel is an image of the split whose class is that digit of the label
  for (Index j = 0; j < 3; ++j) {
    const auto triple = data::ClassTriple::of(stacked.labels()[static_cast<std::size_t>(j)]);
    const int classes[3] = {triple.c0, triple.c1, triple.c2};
    for (Index c = 0; c < 3; ++c) {
      bool found = false;
      for (Index i = 0; i < source.size() && !found; ++i)
        found = source.labels()[static_cast<std::size_t>(i)] == classes[c] &&
                (source.images().col(i) - stacked.images().col(j).segment(c * 784, 784)).cwiseAbs().maxCoeff() == 0.0f;
      CHECK(found);
    }
  }
  // 2000 uniform draws of 1000 triples hit about 1000·(1 − e⁻²) ≈ 865 of them
  const std::set<int> distinct(stacked.labels().begin(), stacked.labels().end());
  CHECK(distinct.size() > 800);
  CHECK(distinct.size() < 920);
  const auto again = data::StackedFashionMNIST{.split = data::Split::Test, .samples = 2000, .seed = 3}.dataset();
  CHECK(again.labels() == stacked.labels());
  CHECK((again.images() - stacked.images()).cwiseAbs().maxCoeff() == 0.0f);
  const auto other = data::StackedFashionMNIST{.split = data::Split::Test, .samples = 2000, .seed = 4}.dataset();
  CHECK(other.labels() != stacked.labels());
  CHECK_THROWS_AS((data::StackedFashionMNIST{.samples = 0}.dataset()), gantk::Error);
}

// A stand-in classifier of 4-pixel "images": the class is the first pixel's value.
struct FirstPixelClassifier {
  static constexpr int input_width = 4;
  static constexpr int classes = 10;
  template <class D>
  std::vector<int> predict(const Eigen::MatrixBase<D>& images) const {
    std::vector<int> out(static_cast<std::size_t>(images.cols()));
    for (Index j = 0; j < images.cols(); ++j) out[static_cast<std::size_t>(j)] = static_cast<int>(images(0, j));
    return out;
  }
};

Eigen::MatrixXf stacks_of(const std::vector<int>& labels) {
  Eigen::MatrixXf x = Eigen::MatrixXf::Zero(12, static_cast<Index>(labels.size()));
  for (std::size_t j = 0; j < labels.size(); ++j) {
    const auto t = data::ClassTriple::of(labels[j]);
    x(0, static_cast<Index>(j)) = static_cast<float>(t.c0);
    x(4, static_cast<Index>(j)) = static_cast<float>(t.c1);
    x(8, static_cast<Index>(j)) = static_cast<float>(t.c2);
  }
  return x;
}

TEST_CASE("stacked_mode_coverage: modes and KL of known triple histograms") {
  std::vector<int> every(2000);
  for (int j = 0; j < 2000; ++j) every[static_cast<std::size_t>(j)] = j % 1000;
  const auto all = metrics::stacked_mode_coverage(stacks_of(every), FirstPixelClassifier{}, every);
  CHECK(all.modes == 1000);
  CHECK(all.kl == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(all.samples == 2000);
  CHECK(all.counts[437] == 2);
  CHECK(all.triple_accuracy == 1.0);

  const std::vector<int> one(500, 42);
  const auto collapsed = metrics::stacked_mode_coverage(stacks_of(one), FirstPixelClassifier{});
  CHECK(collapsed.modes == 1);
  CHECK(collapsed.kl == doctest::Approx(std::log(1000.0)));
  CHECK(collapsed.triple_accuracy == -1);

  // a quarter of the triples, evenly: KL = log 4; labels half wrong: triple accuracy 0.5
  std::vector<int> quarter(1000), wrong(1000);
  for (int j = 0; j < 1000; ++j) {
    quarter[static_cast<std::size_t>(j)] = j % 250;
    wrong[static_cast<std::size_t>(j)] = j % 2 ? j % 250 : 999;
  }
  const auto part = metrics::stacked_mode_coverage(stacks_of(quarter), FirstPixelClassifier{}, wrong);
  CHECK(part.modes == 250);
  CHECK(part.kl == doctest::Approx(std::log(4.0)));
  CHECK(part.triple_accuracy == doctest::Approx(0.5));

  CHECK_THROWS_WITH_AS(metrics::stacked_mode_coverage(Eigen::MatrixXf::Zero(11, 3), FirstPixelClassifier{}),
                       doctest::Contains("samples have 11 values, three channels of the classifier's 4 make 12"),
                       gantk::Error);
  CHECK_THROWS_WITH_AS(metrics::stacked_mode_coverage(stacks_of(one), FirstPixelClassifier{}, every),
                       doctest::Contains("2000 labels for 500 samples"), gantk::Error);
}

}  // namespace stacked_fashion
