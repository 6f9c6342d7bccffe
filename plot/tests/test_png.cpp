// PNG through Cairo: bytes that are a PNG of the right size and decode to the same pixels, and
// files that appear atomically.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gantk_plot/canvas.hpp>
#include <gantk_plot/png.hpp>

using namespace gantk::plot;
namespace fs = std::filesystem;

namespace {
// every pixel a different colour, so that a shifted or swapped channel shows
Image pattern() {
  Image im(17, 9, {255, 255, 255});
  Canvas c(im);
  for (int y = 0; y < im.height(); ++y)
    for (int x = 0; x < im.width(); ++x)
      c.fill_rect({x, y, 1, 1}, {static_cast<std::uint8_t>(x * 15), static_cast<std::uint8_t>(y * 28),
                                 static_cast<std::uint8_t>(x * y)});
  return im;
}

// a big-endian 32-bit field of the PNG header chunk (IHDR), read without any PNG library
std::uint32_t be32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return std::uint32_t{b[at]} << 24 | std::uint32_t{b[at + 1]} << 16 | std::uint32_t{b[at + 2]} << 8 | b[at + 3];
}

std::vector<std::uint8_t> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gantk_test_png_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}
}  // namespace

TEST_CASE("encode_png: a PNG signature, the image's size in its header, and the same pixels back") {
  const Image im = pattern();
  const auto bytes = encode_png(im);
  REQUIRE(bytes.size() > 33);
  const std::uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  CHECK(std::equal(signature, signature + 8, bytes.begin()));
  CHECK(std::string(bytes.begin() + 12, bytes.begin() + 16) == "IHDR");
  CHECK(be32(bytes, 16) == 17);  // width
  CHECK(be32(bytes, 20) == 9);   // height
  CHECK(bytes[24] == 8);         // bits per channel
  CHECK(bytes[25] == 2);         // colour type 2: RGB, no alpha
  const Image back = decode_png(bytes);
  REQUIRE(back.width() == im.width());
  REQUIRE(back.height() == im.height());
  int differ = 0;
  for (int y = 0; y < im.height(); ++y)
    for (int x = 0; x < im.width(); ++x) differ += !(back.at(x, y) == im.at(x, y));
  CHECK(differ == 0);
  CHECK(im.at(16, 8) == Color{240, 224, 128});
}

TEST_CASE("decode_png: bytes that are not a PNG are an error that names Cairo's reason") {
  const std::vector<std::uint8_t> junk{'n', 'o', 't', ' ', 'a', ' ', 'p', 'n', 'g'};
  try {
    (void)decode_png(junk);
    FAIL("decode_png accepted junk");
  } catch (const gantk::Error& e) {
    CHECK(std::string(e.what()).find("Cairo: ") != std::string::npos);
  }
}

TEST_CASE("write_png: writes the file atomically, replaces an old one, leaves no temporary") {
  const fs::path path = scratch("picture.png");
  std::ofstream(path) << "an old file";
  write_png(path.string(), pattern());
  const auto bytes = read_file(path);
  CHECK(bytes == encode_png(pattern()));
  CHECK(decode_png(bytes).width() == 17);
  int others = 0;
  for (const auto& e : fs::directory_iterator(path.parent_path())) others += e.path() != path;
  CHECK(others == 0);
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
