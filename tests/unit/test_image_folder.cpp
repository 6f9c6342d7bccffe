// data::ImageFolder (data/image_folder.hpp): a flat folder and one sub-folder per class, the
// order of files and classes, channel conversion, scaling to [-1, 1], and every error named.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <gantk/data/image_folder.hpp>
#include <gantk/io/png.hpp>

namespace image_folder_tests {

using namespace gantk;
namespace fs = std::filesystem;

namespace {

struct ImageFolderTemp {
  fs::path path;
  explicit ImageFolderTemp(const std::string& name)
      : path(fs::temp_directory_path() / ("gantk_image_folder_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ImageFolderTemp() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  ImageFolderTemp(const ImageFolderTemp&) = delete;
  ImageFolderTemp& operator=(const ImageFolderTemp&) = delete;
};

// a w × h image of `channels` whose every value is `v`
void write_flat_png(const fs::path& p, int w, int h, int channels, std::uint8_t v) {
  fs::create_directories(p.parent_path());
  io::write_png(p.string(), std::vector<std::uint8_t>(static_cast<std::size_t>(w * h * channels), v), w, h, channels);
}

}  // namespace

// like FashionMNIST, a spec that gan.fit takes as it is
static_assert(DatasetSpec<data::ImageFolder>);

TEST_CASE("ImageFolder: a flat folder is one class, files in name order, pixels scaled to [-1, 1]") {
  ImageFolderTemp dir("flat");
  // written out of order; b.png is a 2 × 3 grey image with distinct pixels
  write_flat_png(dir.path / "c.png", 2, 3, 1, 255);
  std::vector<std::uint8_t> b_pixels = {0, 51, 102, 153, 204, 255};
  io::write_png((dir.path / "b.png").string(), b_pixels, 2, 3, 1);
  write_flat_png(dir.path / "a.PNG", 2, 3, 1, 0);  // any case of the extension
  std::ofstream(dir.path / "notes.txt") << "not an image";  // ignored
  write_flat_png(dir.path / ".hidden.png", 2, 3, 1, 7);  // ignored

  const auto data = data::ImageFolder{.folder = dir.path.string(), .channels = 1, .height = 3, .width = 2}.dataset();
  REQUIRE(data.size() == 3);
  CHECK(data.image_shape() == Shape::image(1, 1, 3, 2));
  CHECK(data.classes() == 1);
  CHECK(data.class_names()[0] == dir.path.filename().string());
  CHECK(data.labels() == std::vector<int>{0, 0, 0});
  CHECK(data.images().col(0).maxCoeff() == -1.0f);  // a.PNG: black
  CHECK(data.images().col(2).minCoeff() == 1.0f);   // c.png: white
  for (Index i = 0; i < 6; ++i) {
    CAPTURE(i);
    CHECK(data.images()(i, 1) == doctest::Approx(b_pixels[static_cast<std::size_t>(i)] / 127.5 - 1.0));
  }
  // a trailing slash names the same folder
  CHECK(data::ImageFolder{.folder = dir.path.string() + "/", .height = 3, .width = 2}.dataset().class_names()[0] ==
        dir.path.filename().string());
}

TEST_CASE("ImageFolder: sub-folders are classes in name order; grey and RGB convert both ways, alpha dropped") {
  ImageFolderTemp dir("classes");
  const int w = 2, h = 2;
  // class "b_red": one RGBA image (red, alpha 0) and one RGB image; class "a_grey": one grey image
  std::vector<std::uint8_t> rgba;
  for (int p = 0; p < w * h; ++p) rgba.insert(rgba.end(), {255, 0, 0, 0});
  write_flat_png(dir.path / "b_red" / "y.png", w, h, 3, 100);
  io::write_png((dir.path / "b_red" / "x.png").string(), rgba, w, h, 4);
  write_flat_png(dir.path / "a_grey" / "z.png", w, h, 1, 200);
  std::vector<std::uint8_t> ga = {50, 0, 50, 0, 50, 0, 50, 0};  // grey + alpha
  io::write_png((dir.path / "a_grey" / "w.png").string(), ga, w, h, 2);

  const auto rgb = data::ImageFolder{.folder = dir.path.string(), .channels = 3, .height = h, .width = w}.dataset();
  REQUIRE(rgb.size() == 4);
  CHECK(rgb.class_names() == std::vector<std::string>{"a_grey", "b_red"});
  CHECK(rgb.labels() == std::vector<int>{0, 0, 1, 1});  // a_grey/w, a_grey/z, b_red/x, b_red/y
  CHECK(rgb.image_shape() == Shape::image(1, 3, h, w));
  const auto v = [](int byte) { return doctest::Approx(byte / 127.5 - 1.0); };
  // channel-major: rows 0-3 red, 4-7 green, 8-11 blue
  for (Index i = 0; i < 12; ++i) {
    CAPTURE(i);
    CHECK(rgb.images()(i, 0) == v(50));   // grey + alpha → grey in all three channels
    CHECK(rgb.images()(i, 1) == v(200));  // grey → RGB
    CHECK(rgb.images()(i, 2) == v(i < 4 ? 255 : 0));  // RGBA red, alpha dropped
    CHECK(rgb.images()(i, 3) == v(100));
  }
  const auto grey = data::ImageFolder{.folder = dir.path.string(), .channels = 1, .height = h, .width = w}.dataset();
  CHECK(grey.image_shape() == Shape::image(1, 1, h, w));
  CHECK(grey.images()(0, 2) == v(76));  // luma of pure red: 0.299 · 255 = 76.2
  CHECK(grey.images()(3, 3) == v(100));
  CHECK(grey.class_counts() == std::vector<Index>{2, 2});
}

TEST_CASE("ImageFolder: errors name the folder or the file") {
  ImageFolderTemp dir("errors");
  const std::string folder = dir.path.string();
  const auto fails = [](const data::ImageFolder& spec, const std::string& message) {
    CAPTURE(message);
    CHECK_THROWS_WITH_AS(spec.dataset(), doctest::Contains(message.c_str()), gantk::Error);
  };
  fails({.folder = folder, .height = 2, .width = 2}, "ImageFolder: " + folder + " holds no PNG files and no sub-folders");
  fails({.folder = folder + "/missing", .height = 2, .width = 2}, folder + "/missing is not a folder (it does not exist)");
  fails({.folder = folder, .channels = 2, .height = 2, .width = 2}, "channels = 2 (1 for grey or 3 for RGB)");
  fails({.folder = folder, .channels = 1}, "set height and width to the images' size");

  write_flat_png(dir.path / "one.png", 3, 2, 1, 9);
  fails({.folder = folder, .height = 2, .width = 2},
        folder + "/one.png is 3 × 2 pixels (width × height), not the 2 × 2 asked for");
  std::ofstream(dir.path / "two.png") << "not a png at all";
  fails({.folder = folder, .height = 2, .width = 3}, folder + "/two.png: not a PNG file");

  fs::create_directories(dir.path / "sub");
  fails({.folder = folder, .height = 2, .width = 3}, "holds both PNG files (2) and sub-folders (1, e.g. sub)");
  fs::remove(dir.path / "one.png");
  fs::remove(dir.path / "two.png");
  write_flat_png(dir.path / "full" / "a.png", 3, 2, 1, 9);
  fails({.folder = folder, .height = 2, .width = 3},
        "ImageFolder: the class folder " + (dir.path / "sub").string() + " holds no PNG files");
  write_flat_png(dir.path / "sub" / "b.png", 3, 2, 3, 9);
  CHECK(data::ImageFolder{.folder = folder, .height = 2, .width = 3}.dataset().class_names() ==
        std::vector<std::string>{"full", "sub"});
}

}  // namespace image_folder_tests
