// The PNG decoder's fuzz target (io/png.hpp). Seeds: the encoder's output for 1 to 4 channels and
// each filter, and hand-built files (tests/unit/png_bytes.hpp) of the other colour types and bit
// depths: palettes with and without tRNS, 1-, 2-, 4- and 16-bit grey, 16-bit RGBA, colour keys,
// image data over several IDAT chunks beside ancillary chunks.
//
// Nearly every mutation breaks a chunk's CRC, which the decoder checks first; so each input is
// decoded twice: as it is (its error, if any, is only recorded), then repaired (the outcome that
// counts): every chunk's CRC recomputed and, where an IDAT chunk holds a whole zlib stream of
// stored (uncompressed) blocks, the stream's Adler-32 too. The seeds compressed at level 0 then
// let mutations of the scanlines themselves reach the filter and palette code, past zlib's check.
// A loaded image must have the size its header gives, and its pixels must survive a round trip
// through the encoder; a file must read as the same bytes in memory do.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <zlib.h>

#include <gantk/io/png.hpp>

#include "../unit/png_bytes.hpp"
#include "fuzz_target.hpp"

namespace gantk::fuzz {

namespace detail {

/// Rewrites the Adler-32 of the zlib stream [z, z + n) when it is made of stored blocks only.
inline void png_repair_stored_adler(unsigned char* z, std::size_t n) {
  std::size_t pos = 2;  // after the zlib header
  uLong adler = adler32(0L, Z_NULL, 0);
  while (true) {
    if (n < 5 || pos > n - 5) return;
    const unsigned head = z[pos];
    if (((head >> 1) & 3) != 0) return;  // a compressed block
    const std::size_t len = z[pos + 1] | (std::size_t(z[pos + 2]) << 8), nlen = z[pos + 3] | (std::size_t(z[pos + 4]) << 8);
    if ((len ^ 0xffff) != nlen || len > n - pos - 5) return;
    adler = adler32(adler, z + pos + 5, static_cast<uInt>(len));
    pos += 5 + len;
    if (head & 1) break;  // the final block
  }
  if (n - pos < 4) return;
  for (int k = 0; k < 4; ++k) z[pos + static_cast<std::size_t>(k)] = static_cast<unsigned char>(adler >> (24 - 8 * k));
}

/// `input` with the CRC of every chunk recomputed, as far as its chunk lengths hold together (and
/// the Adler-32 of an IDAT chunk's stored zlib stream).
inline std::string png_with_repaired_crcs(std::string s) {
  if (s.size() < 8) return s;
  auto* p = reinterpret_cast<unsigned char*>(s.data());
  std::size_t pos = 8;
  while (s.size() - pos >= 12) {
    const std::size_t length = (std::size_t(p[pos]) << 24) | (std::size_t(p[pos + 1]) << 16) |
                               (std::size_t(p[pos + 2]) << 8) | std::size_t(p[pos + 3]);
    if (length > s.size() - pos - 12) break;
    if (std::string_view(s.data() + pos + 4, 4) == "IDAT") png_repair_stored_adler(p + pos + 8, length);
    const auto crc = static_cast<std::uint32_t>(crc32(0L, p + pos + 4, static_cast<uInt>(length + 4)));
    unsigned char* at = p + pos + 8 + length;
    for (int k = 0; k < 4; ++k) at[k] = static_cast<unsigned char>(crc >> (24 - 8 * k));
    pos += 12 + length;
  }
  return s;
}

inline io::PngImage png_from_memory(std::string_view input, const std::string& source) {
  return io::decode_png(reinterpret_cast<const unsigned char*>(input.data()), input.size(), source);
}

inline void check_png_loaded(const io::PngImage& image) {
  require(image.width > 0 && image.height > 0, "a loaded image has no pixels");
  require(image.channels >= 1 && image.channels <= 4, "a loaded image has channels outside 1..4");
  const std::size_t pixels = std::size_t(image.width) * std::size_t(image.height);
  require(pixels <= io::png_max_pixels, "a loaded image has more pixels than the limit");
  require(image.pixels.size() == pixels * std::size_t(image.channels), "pixel values != width * height * channels");
  const std::vector<unsigned char> again = io::encode_png(image);
  const io::PngImage back = io::decode_png(again, "<re-encoded>");
  require(back.width == image.width && back.height == image.height && back.channels == image.channels &&
              back.pixels == image.pixels,
          "decoded pixels do not survive encode_png and decode_png");
}

}  // namespace detail

inline void check_png(std::string_view input) {
  io::PngImage as_is;
  bool loaded_as_is = true;
  try {
    as_is = detail::png_from_memory(input, "<fuzz>");
  } catch (const Error&) {
    loaded_as_is = false;
  }
  const std::string repaired = detail::png_with_repaired_crcs(std::string(input));
  if (loaded_as_is) require(repaired == input, "an input with a bad CRC loaded");
  const io::PngImage image = detail::png_from_memory(repaired, "<fuzz>");
  if (loaded_as_is) require(image.pixels == as_is.pixels, "the same bytes decode to different pixels");
  detail::check_png_loaded(image);
}

/// Through a real file: read_png gives what the same bytes (CRCs recomputed) give in memory.
inline void check_png_file(const std::string& path, std::string_view input) {
  const std::string repaired = detail::png_with_repaired_crcs(std::string(input));
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(repaired.data(), static_cast<std::streamsize>(repaired.size()));
    require(static_cast<bool>(out), "cannot write the fuzz input file");
  }
  std::string memory_error, file_error;
  io::PngImage from_memory, from_file;
  try {
    from_memory = detail::png_from_memory(repaired, path);
  } catch (const Error& e) {
    memory_error = e.what();
  }
  try {
    from_file = io::read_png(path);
  } catch (const Error& e) {
    file_error = e.what();
  }
  require(memory_error == file_error, "a file and the same bytes in memory give different errors");
  if (!file_error.empty()) throw Error(file_error);
  detail::check_png_loaded(from_file);
  require(from_file.width == from_memory.width && from_file.height == from_memory.height &&
              from_file.channels == from_memory.channels && from_file.pixels == from_memory.pixels,
          "a file and the same bytes in memory load different images");
}

inline FuzzTarget png_fuzz_target() {
  FuzzTarget t{"png", {}, &check_png, &check_png_file};
  const auto add = [&t](const std::vector<unsigned char>& b) { t.seeds.emplace_back(b.begin(), b.end()); };
  // the encoder: every channel count, every filter, a few sizes
  for (int c = 1; c <= 4; ++c)
    for (int f = 0; f <= 5; f += (c == 3 ? 1 : 5)) {
      const int w = 3 + c, h = 2 + f % 3;
      std::vector<std::uint8_t> px(static_cast<std::size_t>(w * h * c));
      for (std::size_t i = 0; i < px.size(); ++i) px[i] = static_cast<std::uint8_t>((i * 37 + i / 5) & 0xff);
      add(io::encode_png(px, w, h, c, {.filter = static_cast<io::PngFilter>(f)}));
    }
  // stored (level 0): mutated scanlines reach the filters once the Adler-32 is repaired
  for (int c = 1; c <= 4; ++c) {
    std::vector<std::uint8_t> px(static_cast<std::size_t>(6 * 3 * c));
    for (std::size_t i = 0; i < px.size(); ++i) px[i] = static_cast<std::uint8_t>((i * 11 + 5) & 0xff);
    add(io::encode_png(px, 6, 3, c, {.compression = 0}));
  }
  // by hand: the other colour types, bit depths and chunks
  const test::PngBytes plte = {255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9};
  add(test::png_file(5, 2, 2, 3, {0, 0b10000111, 0b00000000, 1, 0b01010101, 0b11000000}, {{"PLTE", plte}}));
  add(test::png_file(3, 2, 8, 3, {0, 0, 1, 2, 2, 3, 1, 1}, {{"PLTE", plte}, {"tRNS", {0, 128, 255}}}));
  add(test::png_file(4, 2, 4, 3, {0, 0x01, 0x23, 0, 0x32, 0x10}, {{"PLTE", plte}}));
  add(test::png_file(10, 2, 1, 0, {0, 0b10110011, 0b10000000, 1, 0b01100110, 0b01000000}));
  add(test::png_file(3, 2, 4, 0, {0, 0x0f, 0x70, 3, 0x12, 0x30}, {{"tRNS", {0, 7}}}));
  add(test::png_file(2, 2, 16, 0, {0, 1, 2, 3, 4, 4, 1, 1, 2, 2}, {{"tRNS", {1, 2}}}));
  add(test::png_file(1, 2, 16, 6, {0, 10, 10, 20, 20, 255, 255, 128, 128, 2, 1, 1, 1, 1, 0, 0, 1, 1}));
  add(test::png_file(2, 2, 8, 2, {0, 1, 2, 3, 1, 2, 4, 2, 0, 0, 0, 5, 5, 5}, {{"tRNS", {0, 1, 0, 2, 0, 3}}}));
  add(test::png_file(2, 1, 8, 4, {0, 7, 200, 9, 100}, {{"gAMA", {0, 0, 177, 143}}}));
  test::PngBytes rows;
  for (int y = 0; y < 12; ++y) {
    rows.push_back(static_cast<unsigned char>(y % 5));
    for (int x = 0; x < 9 * 3; ++x) rows.push_back(static_cast<unsigned char>(x * y + 3));
  }
  add(test::png_file(9, 12, 8, 2, rows, {{"tEXt", {'k', 0, 'v'}}}, 4));
  add(test::png_file(9, 12, 8, 2, rows, {}, 1, 0, 0));
  // stored palette, low-bit grey and 16-bit images
  add(test::png_file(5, 2, 2, 3, {0, 0b10000111, 0b00000000, 1, 0b01010101, 0b11000000}, {{"PLTE", plte}}, 1, 0, 0));
  add(test::png_file(3, 2, 8, 3, {0, 0, 1, 2, 2, 3, 1, 1}, {{"PLTE", plte}, {"tRNS", {0, 128, 255}}}, 1, 0, 0));
  add(test::png_file(10, 2, 1, 0, {0, 0b10110011, 0b10000000, 1, 0b01100110, 0b01000000}, {}, 1, 0, 0));
  add(test::png_file(2, 2, 16, 0, {0, 1, 2, 3, 4, 4, 1, 1, 2, 2}, {{"tRNS", {1, 2}}}, 1, 0, 0));
  add(test::png_file(2, 2, 8, 2, {0, 1, 2, 3, 1, 2, 4, 2, 0, 0, 0, 5, 5, 5}, {{"tRNS", {0, 1, 0, 2, 0, 3}}}, 1, 0, 0));
  return t;
}

}  // namespace gantk::fuzz
