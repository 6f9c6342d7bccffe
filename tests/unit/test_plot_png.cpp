// PNG output: bytes that decode to the same pixels, and files that appear atomically.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gantk/io/png.hpp>

// stb_image decodes what stb_image_write encoded; compiled here with internal linkage.
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#if __has_include(<stb/stb_image.h>)
#include <stb/stb_image.h>
#else
#include <stb_image.h>
#endif
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

using namespace gantk::io;
namespace fs = std::filesystem;

namespace {
Image pattern() {
  Image im(17, 9, {255, 255, 255});
  for (int y = 0; y < im.height(); ++y)
    for (int x = 0; x < im.width(); ++x)
      im.set(x, y, {static_cast<std::uint8_t>(x * 15), static_cast<std::uint8_t>(y * 28), static_cast<std::uint8_t>(x * y)});
  return im;
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gantk_test_png_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}
}  // namespace

TEST_CASE("encode_png: the bytes are a PNG that decodes to the same pixels") {
  const Image im = pattern();
  const auto bytes = encode_png(im);
  REQUIRE(bytes.size() > 8);
  CHECK(bytes[0] == 0x89);
  CHECK(bytes[1] == 'P');
  int w = 0, h = 0, channels = 0;
  unsigned char* px = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &channels, 3);
  REQUIRE(px != nullptr);
  CHECK(w == im.width());
  CHECK(h == im.height());
  int differ = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const unsigned char* p = px + 3 * (y * w + x);
      const Color c = im.at(x, y);
      differ += p[0] != c.r || p[1] != c.g || p[2] != c.b;
    }
  stbi_image_free(px);
  CHECK(differ == 0);
}

TEST_CASE("write_png: writes the file atomically, replaces an old one, leaves no temporary") {
  const fs::path path = scratch("picture.png");
  std::ofstream(path) << "an old file";
  write_png(path.string(), pattern());
  int w = 0, h = 0, channels = 0;
  unsigned char* px = stbi_load(path.string().c_str(), &w, &h, &channels, 3);
  REQUIRE(px != nullptr);
  stbi_image_free(px);
  CHECK(w == 17);
  int leftovers = 0;
  for (const auto& e : fs::directory_iterator(path.parent_path()))
    leftovers += e.path().filename().string().find(".tmp.") != std::string::npos;
  CHECK(leftovers == 0);
  fs::remove_all(path.parent_path());
}

TEST_CASE("write_png: a missing folder is an error that names the path, and nothing is written") {
  const fs::path path = scratch("no-such-folder") / "picture.png";
  try {
    write_png(path.string(), pattern());
    FAIL("write_png wrote into a missing folder");
  } catch (const gantk::Error& e) {
    CHECK(std::string(e.what()).find(path.string()) != std::string::npos);
  }
  CHECK(!fs::exists(path));
  fs::remove_all(path.parent_path().parent_path());
}
