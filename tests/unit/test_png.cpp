// The PNG encoder and decoder (io/png.hpp) and image grids (io/image_grid.hpp): round trips of
// every colour type and filter, hand-built files for each scanline filter, bit depth, palette and
// tRNS, every malformed input named, and grids checked pixel by pixel after decoding.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <unistd.h>

#include <Eigen/Core>

#include <gantk/io/image_grid.hpp>
#include <gantk/io/png.hpp>

#include "png_bytes.hpp"

namespace png_codec_tests {

using namespace gantk;
using test::PngBytes;
using test::png_file;

namespace {

std::vector<std::uint8_t> png_test_pixels(int w, int h, int c, unsigned seed) {
  std::vector<std::uint8_t> p(static_cast<std::size_t>(w * h * c));
  unsigned s = seed;
  for (std::size_t i = 0; i < p.size(); ++i) {
    s = s * 1664525u + 1013904223u;
    // smooth areas (compressible, so that filters matter) mixed with noise
    p[i] = static_cast<std::uint8_t>(i % 7 == 0 ? (s >> 24) : (i * 3 + seed) % 256);
  }
  return p;
}

io::PngImage png_decode(const PngBytes& b) { return io::decode_png(b, "test.png"); }

std::string png_temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("gantk_png_" + name + "_" + std::to_string(::getpid()) + ".png"))
      .string();
}

// a grey 3 × 2 image: row 0 is 10 20 30, row 1 is 40 35 250
const std::vector<std::uint8_t> grey_expected = {10, 20, 30, 40, 35, 250};

}  // namespace

TEST_CASE("PNG: every channel count and filter round-trips, in memory and through a file") {
  for (int c = 1; c <= 4; ++c)
    for (const auto& [w, h] : {std::pair{1, 1}, std::pair{7, 5}, std::pair{32, 3}}) {
      const auto pixels = png_test_pixels(w, h, c, static_cast<unsigned>(c * 100 + w));
      for (int f = 0; f <= 5; ++f) {
        CAPTURE(c);
        CAPTURE(w);
        CAPTURE(f);
        const PngBytes bytes = io::encode_png(pixels, w, h, c, {.filter = static_cast<io::PngFilter>(f)});
        const io::PngImage back = png_decode(bytes);
        CHECK(back.width == w);
        CHECK(back.height == h);
        CHECK(back.channels == c);
        CHECK(back.pixels == pixels);
      }
    }
  const auto pixels = png_test_pixels(9, 4, 3, 5);
  const std::string path = png_temp_path("roundtrip");
  io::write_png(path, pixels, 9, 4, 3);
  const io::PngImage back = io::read_png(path);
  CHECK(back.pixels == pixels);
  CHECK(back.at(3, 8, 2) == pixels.back());
  // compression level 0 (stored blocks) is still a valid file
  CHECK(png_decode(io::encode_png(pixels, 9, 4, 3, {.compression = 0})).pixels == pixels);
  std::filesystem::remove(path);
}

TEST_CASE("PNG: a large image spreads over several IDAT chunks and the per-row filter beats no filter") {
  const int w = 700, h = 600;
  std::vector<std::uint8_t> gradient(static_cast<std::size_t>(w * h * 3));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) {
        unsigned noise = static_cast<unsigned>(x * 7919 + y * 104729 + c * 31);
        noise = (noise ^ (noise >> 7)) * 2654435761u;
        gradient[static_cast<std::size_t>((y * w + x) * 3 + c)] =
            static_cast<std::uint8_t>((x + y * (c + 1) + (noise >> 28)) & 0xff);
      }
  const PngBytes per_row = io::encode_png(gradient, w, h, 3, {.compression = 1});
  const PngBytes none = io::encode_png(gradient, w, h, 3, {.filter = io::PngFilter::None, .compression = 1});
  CHECK(per_row.size() < none.size());
  CHECK(png_decode(per_row).pixels == gradient);
  CHECK(png_decode(none).pixels == gradient);
}

TEST_CASE("PNG: each scanline filter decodes from hand-built bytes") {
  // filtered by hand from grey_expected (bpp 1); see the PNG specification's filter section
  const std::vector<std::pair<const char*, PngBytes>> streams = {
      {"None", {0, 10, 20, 30, 0, 40, 35, 250}},
      {"Sub", {1, 10, 10, 10, 1, 40, 251, 215}},
      {"Up", {2, 10, 20, 30, 2, 30, 15, 220}},
      {"Average", {3, 10, 15, 20, 3, 35, 5, 218}},
      {"Paeth", {4, 10, 10, 10, 4, 30, 251, 215}},
      {"Sub then Paeth", {1, 10, 10, 10, 4, 30, 251, 215}},
      {"Paeth then Average", {4, 10, 10, 10, 3, 35, 5, 218}},
  };
  for (const auto& [name, scanlines] : streams) {
    CAPTURE(name);
    const io::PngImage img = png_decode(png_file(3, 2, 8, 0, scanlines));
    CHECK(img.channels == 1);
    CHECK(img.pixels == grey_expected);
  }
  // RGB (bpp 3): row 0 is (1 2 3) (5 7 9), row 1 is (2 4 6) (100 50 25)
  const std::vector<std::uint8_t> rgb = {1, 2, 3, 5, 7, 9, 2, 4, 6, 100, 50, 25};
  CHECK(png_decode(png_file(2, 2, 8, 2, {1, 1, 2, 3, 4, 5, 6, 2, 1, 2, 3, 95, 43, 16})).pixels == rgb);  // Sub, Up
  CHECK(png_decode(png_file(2, 2, 8, 2, {3, 1, 2, 3, 5, 6, 8, 4, 1, 2, 3, 95, 43, 16})).pixels == rgb);  // Average, Paeth
  // 16-bit grey (bpp 2), Sub: 0x0101 0x0303 → the second is stored as 0x0202; v·255/65535 = the high byte
  CHECK(png_decode(png_file(2, 1, 16, 0, {1, 0x01, 0x01, 0x02, 0x02})).pixels == std::vector<std::uint8_t>{1, 3});
}

TEST_CASE("PNG: bit depths 1, 2, 4 and 16, palettes, tRNS and grey + alpha decode to 8-bit pixels") {
  // 1-bit grey, 10 pixels: 1011001110 (then 6 padding bits)
  CHECK(png_decode(png_file(10, 1, 1, 0, {0, 0b10110011, 0b10000000})).pixels ==
        std::vector<std::uint8_t>{255, 0, 255, 255, 0, 0, 255, 255, 255, 0});
  // 2-bit grey: 0 1 2 3 → 0 85 170 255; 4-bit grey: 0 15 7 → 0 255 119
  CHECK(png_decode(png_file(4, 1, 2, 0, {0, 0b00011011})).pixels == std::vector<std::uint8_t>{0, 85, 170, 255});
  CHECK(png_decode(png_file(3, 1, 4, 0, {0, 0x0f, 0x70})).pixels == std::vector<std::uint8_t>{0, 255, 119});
  // 16-bit RGBA: 257·k decodes to k
  const io::PngImage rgba16 =
      png_decode(png_file(1, 1, 16, 6, {0, 0x0a, 0x0a, 0x14, 0x14, 0xff, 0xff, 0x80, 0x80}));
  CHECK(rgba16.channels == 4);
  CHECK(rgba16.pixels == std::vector<std::uint8_t>{10, 20, 255, 128});
  // grey + alpha, 8-bit
  const io::PngImage ga = png_decode(png_file(2, 1, 8, 4, {0, 7, 200, 9, 100}));
  CHECK(ga.channels == 2);
  CHECK(ga.pixels == std::vector<std::uint8_t>{7, 200, 9, 100});

  // palette: 3 colours, 2-bit indices 2 0 1 1 0 (10 bits over 2 bytes)
  const PngBytes plte = {255, 0, 0, 0, 255, 0, 0, 0, 255};
  const io::PngImage pal = png_decode(png_file(5, 1, 2, 3, {0, 0b10000101, 0b00000000}, {{"PLTE", plte}}));
  CHECK(pal.channels == 3);
  CHECK(pal.pixels == std::vector<std::uint8_t>{0, 0, 255, 255, 0, 0, 0, 255, 0, 0, 255, 0, 255, 0, 0});
  // 8-bit palette with tRNS for its first two colours: RGBA, the third colour opaque
  const io::PngImage pal_alpha =
      png_decode(png_file(3, 1, 8, 3, {0, 0, 1, 2}, {{"PLTE", plte}, {"tRNS", {0, 128}}}));
  CHECK(pal_alpha.channels == 4);
  CHECK(pal_alpha.pixels == std::vector<std::uint8_t>{255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255});
  // a grey colour key: the keyed value becomes transparent
  const io::PngImage keyed = png_decode(png_file(3, 1, 8, 0, {0, 5, 6, 5}, {{"tRNS", {0, 5}}}));
  CHECK(keyed.channels == 2);
  CHECK(keyed.pixels == std::vector<std::uint8_t>{5, 0, 6, 255, 5, 0});
  // an RGB colour key
  const io::PngImage rgb_key =
      png_decode(png_file(2, 1, 8, 2, {0, 1, 2, 3, 1, 2, 4}, {{"tRNS", {0, 1, 0, 2, 0, 3}}}));
  CHECK(rgb_key.channels == 4);
  CHECK(rgb_key.pixels == std::vector<std::uint8_t>{1, 2, 3, 0, 1, 2, 4, 255});
}

TEST_CASE("PNG: several IDAT chunks, an empty one, and ancillary chunks are read") {
  PngBytes scanlines;
  std::vector<std::uint8_t> expected;
  for (int y = 0; y < 20; ++y) {
    scanlines.push_back(0);
    for (int x = 0; x < 30; ++x) {
      scanlines.push_back(static_cast<unsigned char>(x * y));
      expected.push_back(static_cast<std::uint8_t>(x * y));
    }
  }
  CHECK(png_decode(png_file(30, 20, 8, 0, scanlines, {{"tEXt", {'a', 0, 'b'}}, {"gAMA", {0, 0, 177, 143}}}, 7))
            .pixels == expected);
  // an empty IDAT chunk between two halves of the stream
  PngBytes split = png_file(30, 20, 8, 0, scanlines, {}, 2);
  const PngBytes empty_idat = test::png_chunk_bytes("IDAT", {});
  const PngBytes single_idat = png_file(30, 20, 8, 0, scanlines, {}, 1);
  std::size_t second = 33;  // after the signature (8) and IHDR (25): the first IDAT
  second += 12 + ((std::size_t(split[second]) << 24) | (std::size_t(split[second + 1]) << 16) |
                  (std::size_t(split[second + 2]) << 8) | split[second + 3]);
  split.insert(split.begin() + static_cast<std::ptrdiff_t>(second), empty_idat.begin(), empty_idat.end());
  CHECK(png_decode(split).pixels == expected);
  CHECK(png_decode(single_idat).pixels == expected);
}

TEST_CASE("PNG: malformed files are refused with a message that names the fault") {
  const PngBytes scanlines = {0, 10, 20, 30, 0, 40, 35, 250};
  const PngBytes good = png_file(3, 2, 8, 0, scanlines);
  REQUIRE(png_decode(good).pixels == grey_expected);
  const auto refused = [](const PngBytes& b, const std::string& message) {
    CAPTURE(message);
    CHECK_THROWS_WITH_AS(png_decode(b), doctest::Contains(message.c_str()), gantk::Error);
  };
  refused(PngBytes(good.begin(), good.begin() + 5), "test.png: not a PNG file: 5 bytes, shorter than");
  PngBytes bad_signature = good;
  bad_signature[1] = 'J';
  refused(bad_signature, "not a PNG file (it does not start with the PNG signature");

  // CRC: a flipped bit in IHDR's width, and in the image data
  PngBytes bad_crc = good;
  bad_crc[19] ^= 1;
  refused(bad_crc, "chunk IHDR at offset 8 is corrupt: its CRC is 0x");
  PngBytes bad_idat = good;
  bad_idat[33 + 8 + 3] ^= 0x40;
  refused(bad_idat, "chunk IDAT at offset 33 is corrupt: its CRC");

  // truncated anywhere
  for (const std::size_t keep : {std::size_t(8), std::size_t(20), std::size_t(33), std::size_t(40), good.size() - 12,
                                 good.size() - 1}) {
    CAPTURE(keep);
    CHECK_THROWS_WITH_AS(png_decode(PngBytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(keep))),
                         doctest::Contains("truncated"), gantk::Error);
  }
  PngBytes trailing = good;
  trailing.push_back(0);
  refused(trailing, "1 bytes follow the IEND chunk");

  // headers
  refused(png_file(0, 2, 8, 0, scanlines), "the header gives a 0 × 2 image");
  refused(png_file(3, 2, 8, 5, scanlines), "colour type 5 is not a PNG colour type");
  refused(png_file(3, 2, 4, 2, scanlines), "bit depth 4 is not allowed for colour type 2 (RGB: 8 or 16)");
  refused(png_file(3, 2, 16, 3, scanlines), "bit depth 16 is not allowed for colour type 3");
  refused(png_file(3, 2, 8, 0, scanlines, {}, 1, 1), "Adam7-interlaced PNG, which is not supported");
  refused(png_file(100000, 100000, 8, 0, scanlines), "a 100000 × 100000 image, more than the 67108864 pixels");
  CHECK_THROWS_WITH_AS(io::decode_png(good, "small", 5), doctest::Contains("a 3 × 2 image, more than the 5 pixels"),
                       gantk::Error);
  PngBytes method = good;  // compression method 1, CRC recomputed
  {
    PngBytes ihdr = test::png_ihdr_data(3, 2, 8, 0);
    ihdr[10] = 1;
    const PngBytes chunk = test::png_chunk_bytes("IHDR", ihdr);
    std::copy(chunk.begin(), chunk.end(), method.begin() + 8);
  }
  refused(method, "compression method 1");

  // chunk structure
  {
    PngBytes no_ihdr(good.begin(), good.begin() + 8);
    const PngBytes text = test::png_chunk_bytes("tEXt", {'k', 0, 'v'});
    no_ihdr.insert(no_ihdr.end(), text.begin(), text.end());
    no_ihdr.insert(no_ihdr.end(), good.begin() + 8, good.end());
    refused(no_ihdr, "the first chunk is tEXt, not IHDR");
  }
  refused(png_file(3, 2, 8, 0, scanlines, {{"ABCD", {1}}}), "unknown critical chunk ABCD");
  refused(png_file(3, 2, 8, 0, scanlines, {{"a1cd", {1}}}), "its type (bytes 61 31 63 64) is not four letters");
  {
    PngBytes no_iend(good.begin(), good.end() - 12);
    refused(no_iend, "the file is truncated: it ends without an IEND chunk");
    const PngBytes iend = test::png_chunk_bytes("IEND", {});
    PngBytes no_idat(good.begin(), good.begin() + 33);
    no_idat.insert(no_idat.end(), iend.begin(), iend.end());
    refused(no_idat, "no IDAT chunk");
    PngBytes split = png_file(3, 2, 8, 0, scanlines, {}, 2);  // two IDATs with a tEXt between them
    std::size_t second = 33 + 12 + ((std::size_t(split[35]) << 8) | split[36]);
    const PngBytes text = test::png_chunk_bytes("tEXt", {'k', 0, 'v'});
    split.insert(split.begin() + static_cast<std::ptrdiff_t>(second), text.begin(), text.end());
    refused(split, "the IDAT chunks are not consecutive");
  }

  // image data
  refused(png_file(3, 2, 8, 0, {0, 10, 20, 30, 5, 40, 35, 250}), "row 1 has filter type 5");
  refused(png_file(3, 2, 8, 0, {0, 10, 20, 30, 0, 40, 35}), "the image data is truncated: it holds 7 bytes, the header's size calls for 8");
  refused(png_file(3, 2, 8, 0, {0, 10, 20, 30, 0, 40, 35, 250, 7}), "decompresses to more than the 8 bytes");
  {
    // valid CRCs, but the IDAT data is not a zlib stream
    const PngBytes chunk = test::png_chunk_bytes("IDAT", {1, 2, 3, 4, 5, 6, 7, 8});
    PngBytes rebuilt(good.begin(), good.begin() + 33);
    rebuilt.insert(rebuilt.end(), chunk.begin(), chunk.end());
    rebuilt.insert(rebuilt.end(), good.end() - 12, good.end());
    refused(rebuilt, "corrupt image data (zlib: ");
    // a zlib stream followed by extra bytes inside IDAT
    PngBytes z = test::zlib_bytes(scanlines);
    z.push_back(0);
    const PngBytes extra = test::png_chunk_bytes("IDAT", z);
    PngBytes with_extra(good.begin(), good.begin() + 33);
    with_extra.insert(with_extra.end(), extra.begin(), extra.end());
    with_extra.insert(with_extra.end(), good.end() - 12, good.end());
    refused(with_extra, "bytes follow the end of the zlib stream");
  }

  // palettes and transparency
  const PngBytes plte = {255, 0, 0, 0, 255, 0};
  refused(png_file(2, 1, 8, 3, {0, 0, 1}), "a palette image without a PLTE chunk");
  refused(png_file(2, 1, 8, 3, {0, 0, 2}, {{"PLTE", plte}}), "pixel (1, 0) has palette index 2, outside the palette of 2");
  refused(png_file(2, 1, 8, 3, {0, 0, 1}, {{"PLTE", {1, 2, 3, 4}}}), "the PLTE chunk has 4 bytes");
  refused(png_file(2, 1, 8, 0, {0, 0, 1}, {{"PLTE", plte}}), "a grey image has a PLTE chunk");
  refused(png_file(2, 1, 8, 3, {0, 0, 1}, {{"PLTE", plte}, {"tRNS", {1, 2, 3}}}),
          "the tRNS chunk has 3 alpha values for a palette of 2 colours");
  refused(png_file(2, 1, 8, 6, {0, 1, 2, 3, 4, 5, 6, 7, 8}, {{"tRNS", {0, 1}}}), "has a tRNS chunk");
  refused(png_file(2, 1, 8, 0, {0, 0, 1}, {{"tRNS", {0, 1, 2}}}), "the tRNS chunk of a grey image has 3 bytes, not 2");
}

TEST_CASE("PNG: encode_png refuses wrong sizes, channels and options") {
  const std::vector<std::uint8_t> px(12, 0);
  CHECK_THROWS_WITH_AS(io::encode_png(px, 2, 2, 5), doctest::Contains("channels must be 1 (grey), 2 (grey + alpha), 3"),
                       gantk::Error);
  CHECK_THROWS_WITH_AS(io::encode_png(px, 2, 2, 4), doctest::Contains("12 pixel values, but a 2 × 2 image of 4 channels has 16"),
                       gantk::Error);
  CHECK_THROWS_WITH_AS(io::encode_png(px, 0, 2, 1), doctest::Contains("a 0 × 2 image"), gantk::Error);
  CHECK_THROWS_WITH_AS(io::encode_png(px, 2, 2, 3, {.compression = 10}), doctest::Contains("compression level 10"),
                       gantk::Error);
  CHECK_THROWS_WITH_AS(io::write_png("/nonexistent-folder/x.png", px, 2, 2, 3), doctest::Contains("/nonexistent-folder"),
                       gantk::Error);
  CHECK_THROWS_WITH_AS(io::read_png("/nonexistent-folder/x.png"),
                       doctest::Contains("cannot read PNG file /nonexistent-folder/x.png: no such file"), gantk::Error);
}

TEST_CASE("Image grid: tiles, padding, near-square layout, clamping and NaN, checked after decoding") {
  // three grey 2 × 3 samples; sample j's pixel (y, x) is value(j, y, x)
  const int h = 2, w = 3;
  const auto value = [](int j, int y, int x) { return -1.0 + 0.1 * (j * 6 + y * 3 + x); };
  Eigen::MatrixXd samples(h * w, 3);
  for (int j = 0; j < 3; ++j)
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) samples(y * w + x, j) = value(j, y, x);
  samples(0, 2) = 5.0;                                         // clamped to white
  samples(1, 2) = -3.0;                                        // clamped to black
  samples(2, 2) = std::numeric_limits<double>::quiet_NaN();    // drawn black
  const std::string path = png_temp_path("grid");
  io::write_image_grid(path, samples, 1, h, w, {.background = 77});
  const io::PngImage g = io::read_png(path);
  std::filesystem::remove(path);
  // 2 columns (⌈√3⌉), 2 rows, padding 2: 2·(3 + 2) + 2 wide, 2·(2 + 2) + 2 high
  REQUIRE(g.channels == 1);
  REQUIRE(g.width == 12);
  REQUIRE(g.height == 10);
  const auto byte = [](double v) { return static_cast<int>(std::lround((v + 1.0) / 2.0 * 255.0)); };
  for (int j = 0; j < 2; ++j)
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const int top = 2 + (j / 2) * (h + 2), left = 2 + (j % 2) * (w + 2);
        CAPTURE(j);
        CHECK(int(g.at(top + y, left + x)) == byte(value(j, y, x)));
      }
  // sample 2 is the first tile of the second row
  CHECK(g.at(6, 2) == 255);
  CHECK(g.at(6, 3) == 0);
  CHECK(g.at(6, 4) == 0);
  CHECK(int(g.at(7, 2)) == byte(value(2, 1, 0)));
  // the padding and the blank fourth tile are the background
  int background = 0;
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < g.width; ++x) {
      const bool in_tile = ((y - 2) % 4 < 2 && y >= 2) && ((x - 2) % 5 < 3 && x >= 2);
      const bool fourth = y >= 6 && x >= 7;
      if (!in_tile || fourth) {
        CHECK(g.at(y, x) == 77);
        ++background;
      }
    }
  CHECK(background == 12 * 10 - 3 * 6);
  // 0 is mid-grey (127.5 rounds up), the range can be changed
  Eigen::MatrixXf one = Eigen::MatrixXf::Zero(1, 1);
  CHECK(io::image_grid(one, 1, 1, 1, {.padding = 0}).pixels == std::vector<std::uint8_t>{128});
  one(0, 0) = 0.25f;
  CHECK(io::image_grid(one, 1, 1, 1, {.padding = 0, .lo = 0.0, .hi = 1.0}).pixels == std::vector<std::uint8_t>{64});
}

TEST_CASE("Image grid: RGB channels are planes (NCHW), scale repeats pixels, columns set the layout") {
  // two 1 × 2 RGB samples: rows are (c, y, x) = r0 r1 g0 g1 b0 b1
  Eigen::MatrixXf samples(6, 2);
  samples.col(0) << 1, -1, -1, 1, -1, -1;  // pixel 0 red, pixel 1 green
  samples.col(1) << -1, -1, -1, -1, 1, 1;  // both blue
  const io::PngImage g = io::image_grid(samples, 3, 1, 2, {.columns = 1, .padding = 1, .scale = 2});
  // one column: 1 + 2·2 + 1 wide, 2·(2 + 1) + 1 high
  REQUIRE(g.channels == 3);
  REQUIRE(g.width == 6);
  REQUIRE(g.height == 7);
  for (int dy = 0; dy < 2; ++dy)
    for (int dx = 0; dx < 2; ++dx) {
      CHECK(g.at(1 + dy, 1 + dx, 0) == 255);  // sample 0, pixel 0: red
      CHECK(g.at(1 + dy, 1 + dx, 1) == 0);
      CHECK(g.at(1 + dy, 3 + dx, 1) == 255);  // sample 0, pixel 1: green
      CHECK(g.at(1 + dy, 3 + dx, 0) == 0);
      CHECK(g.at(4 + dy, 1 + dx, 2) == 255);  // sample 1 below: blue
      CHECK(g.at(4 + dy, 3 + dx, 0) == 0);
    }
  CHECK(g.at(0, 0, 0) == 0);
  CHECK(g.at(3, 2, 2) == 0);  // padding between the rows
  // a block expression of a float matrix, and more columns than samples (capped at N)
  const Eigen::MatrixXf wide = Eigen::MatrixXf::Ones(6, 4);
  const io::PngImage row = io::image_grid(wide.leftCols(3), 3, 1, 2, {.columns = 10, .padding = 0});
  CHECK(row.width == 6);
  CHECK(row.height == 1);
}

TEST_CASE("Class grid: one row per class, its first samples in order, blank tiles where it has fewer") {
  // five grey 1 × 1 samples, sample j has value -1 + 0.25·j; labels 2 0 2 2 1
  Eigen::MatrixXd samples(1, 5);
  for (int j = 0; j < 5; ++j) samples(0, j) = -1.0 + 0.25 * j;
  const auto byte = [](int j) { return static_cast<std::uint8_t>(std::lround(0.125 * j * 255.0)); };
  const std::vector<int> labels = {2, 0, 2, 2, 1};
  Eigen::VectorXi eigen_labels(5);
  eigen_labels << 2, 0, 2, 2, 1;
  const std::string path = png_temp_path("classes");
  io::write_class_grid(path, samples, labels, 3, 2, 1, 1, 1, {.padding = 1, .background = 9});
  const io::PngImage g = io::read_png(path);
  std::filesystem::remove(path);
  CHECK(io::class_grid(samples, eigen_labels, 3, 2, 1, 1, 1, {.padding = 1, .background = 9}).pixels == g.pixels);
  // 2 tiles per row, 3 rows, padding 1: 5 × 7
  REQUIRE(g.width == 5);
  REQUIRE(g.height == 7);
  CHECK(g.at(1, 1) == byte(1));  // class 0: sample 1, then blank
  CHECK(g.at(1, 3) == 9);
  CHECK(g.at(3, 1) == byte(4));  // class 1: sample 4, then blank
  CHECK(g.at(3, 3) == 9);
  CHECK(g.at(5, 1) == byte(0));  // class 2: samples 0 and 2 (3 is beyond per_class)
  CHECK(g.at(5, 3) == byte(2));
  CHECK(g.at(0, 0) == 9);
}

TEST_CASE("Image grids: shape mismatches and bad options are named") {
  const Eigen::MatrixXf samples = Eigen::MatrixXf::Zero(12, 3);
  const auto grid_error = [&](int c, int h, int w, const io::ImageGridOptions& o, const char* message) {
    CAPTURE(message);
    CHECK_THROWS_WITH_AS(io::image_grid(samples, c, h, w, o), doctest::Contains(message), gantk::Error);
  };
  grid_error(1, 4, 4, {}, "image grid: samples are 12 × 3 (values × samples), but a 1 × 4 × 4 image has 16 values");
  grid_error(2, 2, 3, {}, "image grid: channels must be 1 (grey) or 3 (RGB), got 2");
  grid_error(3, 2, 0, {}, "a 2 × 0 image");
  grid_error(1, 3, 4, {.columns = -1}, "columns = -1");
  grid_error(1, 3, 4, {.scale = 0}, "scale = 0");
  grid_error(1, 3, 4, {.padding = -2}, "padding = -2");
  grid_error(1, 3, 4, {.lo = 1.0, .hi = 1.0}, "the range [1, 1]");
  grid_error(1, 3, 4, {.background = 256}, "background = 256");
  CHECK_THROWS_WITH_AS(io::image_grid(Eigen::MatrixXf(12, 0), 1, 3, 4), doctest::Contains("no samples"), gantk::Error);
  CHECK_THROWS_WITH_AS(io::class_grid(samples, std::vector<int>{0, 1}, 2, 1, 1, 3, 4),
                       doctest::Contains("class grid: 2 labels for 3 samples (samples are 12 × 3)"), gantk::Error);
  CHECK_THROWS_WITH_AS(io::class_grid(samples, std::vector<int>{0, 1, 2}, 2, 1, 1, 3, 4),
                       doctest::Contains("sample 2 has label 2, outside the 2 classes"), gantk::Error);
  CHECK_THROWS_WITH_AS(io::class_grid(samples, std::vector<int>{0, 1, 1}, 2, 0, 1, 3, 4),
                       doctest::Contains("per_class = 0"), gantk::Error);
  CHECK_THROWS_WITH_AS(io::write_image_grid("/nonexistent-folder/g.png", samples, 1, 3, 4),
                       doctest::Contains("/nonexistent-folder"), gantk::Error);
}

}  // namespace png_codec_tests
