// Fashion-MNIST from Debian's dataset-fashion-mnist package (scripts/setup installs it): sizes,
// labels, scaling, the errors of a missing folder, and a GAN that trains on it.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include <gantk/data/fashion_mnist.hpp>
#include <gantk/gantk.hpp>

namespace fashion_mnist {

using namespace gantk;

TEST_CASE("Fashion-MNIST: 60 000 training and 10 000 test images, ten balanced classes, pixels in [-1, 1]") {
  REQUIRE_MESSAGE(std::filesystem::exists(data::FashionMNIST::debian_folder),
                  "Debian's dataset-fashion-mnist is not installed: run scripts/setup");
  const auto train = data::FashionMNIST{}.dataset();
  CHECK(train.size() == 60000);
  CHECK(train.width() == 784);
  CHECK(train.image_shape() == Shape::image(1, 1, 28, 28));
  CHECK(train.classes() == 10);
  CHECK(train.class_names()[9] == "Ankle boot");
  CHECK(train.labels()[0] == 9);  // the set's first image is an ankle boot
  for (const Index c : train.class_counts()) CHECK(c == 6000);
  CHECK(train.images().minCoeff() == -1.0f);  // 0 → −1
  CHECK(train.images().maxCoeff() == 1.0f);   // 255 → 1
  // an image is mostly background: its mean is well below the middle grey
  CHECK(train.images().col(0).mean() < -0.2f);

  const auto test = data::FashionMNIST{.split = data::Split::Test}.dataset();
  CHECK(test.size() == 10000);
  // size() reads the label file alone and agrees with the images read
  CHECK(data::FashionMNIST{}.size() == train.size());
  CHECK(data::FashionMNIST{.split = data::Split::Test}.size() == test.size());
  for (const Index c : test.class_counts()) CHECK(c == 1000);
  // a different split: the first test image differs from the first training image
  CHECK((test.images().col(0) - train.images().col(0)).cwiseAbs().sum() > 10.0f);

  // as a Dataset: every drawn column is one of the images
  HostMatrix<double> batch(784, 4);
  Rng rng(3);
  train.sample(HostView<double>(batch.data(), 784, 4), rng);
  for (Index j = 0; j < batch.cols(); ++j) {
    bool found = false;
    for (Index i = 0; i < train.size() && !found; ++i)
      found = (train.images().col(i).cast<double>() - batch.col(j)).cwiseAbs().maxCoeff() == 0.0;
    CHECK(found);
  }
}

TEST_CASE("Fashion-MNIST: a missing folder says which file and how to get it") {
  CHECK_THROWS_WITH_AS(data::FashionMNIST{.folder = "/nonexistent/fashion"}.dataset(),
                       doctest::Contains("neither /nonexistent/fashion/train-images-idx3-ubyte.gz nor "
                                         "/nonexistent/fashion/train-images-idx3-ubyte exists: set FashionMNIST::folder"),
                       gantk::Error);
  const auto empty = std::filesystem::temp_directory_path() / "gantk_no_fashion_here";
  std::filesystem::create_directories(empty);
  const data::FashionMNIST test_split{.folder = empty.string(), .split = data::Split::Test};
  CHECK_THROWS_WITH_AS(test_split.dataset(), doctest::Contains("t10k-images-idx3-ubyte"), gantk::Error);
  CHECK_THROWS_WITH_AS(test_split.size(), doctest::Contains("t10k-labels-idx1-ubyte"), gantk::Error);
  std::filesystem::remove(empty);
}

TEST_CASE("Fashion-MNIST feeds a GAN: an MLP on the 784 pixels trains a few steps") {
  REQUIRE(std::filesystem::exists(data::FashionMNIST::debian_folder));
  const auto train = data::FashionMNIST{.split = data::Split::Test}.dataset();  // the smaller split
  GAN<MLP<Latent<16>, Data<784>, Hidden<64>>, NonSaturatingLoss> gan({.seed = 1});
  const FitReport report = gan.fit(train, {.steps = 3, .batch = 32, .progress = Progress::Silent});
  CHECK(report.steps == 3);
  CHECK(std::isfinite(report.last.d_loss));
  CHECK(gan.sample(2).rows() == 784);
}

TEST_CASE("Fashion-MNIST trains a DCGAN: convolutions on the real images, a few steps") {
  REQUIRE(std::filesystem::exists(data::FashionMNIST::debian_folder));
  const auto test = data::FashionMNIST{.split = data::Split::Test}.dataset();
  using Dcgan = GAN<DCGAN<Latent<100>, Image<1, 28, 28>>, NonSaturatingLoss>;
  static_assert(Dcgan::data_width == 784 && Dcgan::DNet::in_width == 784 && Dcgan::GNet::out_width == 784);
  Dcgan gan({.seed = 1, .g_optimizer = Adam{.lr = 2e-4}, .d_optimizer = Adam{.lr = 2e-4}});
  const FitReport report = gan.fit(test, {.steps = 2, .batch = 8, .progress = Progress::Silent});
  CHECK(report.steps == 2);
  CHECK(std::isfinite(report.last.d_loss));
  CHECK(std::isfinite(report.last.g_loss));
  const HostMatrix<float> samples = gan.sample(4);
  CHECK(samples.rows() == 784);
  CHECK(samples.maxCoeff() <= 1.0f);  // tanh
  CHECK(samples.minCoeff() >= -1.0f);
}

}  // namespace fashion_mnist
