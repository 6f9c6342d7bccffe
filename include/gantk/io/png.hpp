// PNG images: an encoder (zlib's compress2, a filter chosen per row) and a strict decoder (zlib's
// inflate) of non-interlaced PNGs of every colour type and bit depth, to 8-bit pixels.
//
// File layout (the PNG specification, ISO/IEC 15948): an 8-byte signature, then chunks, each a
// big-endian 32-bit length, a 4-letter type, the data and a CRC-32 of type and data. IHDR comes
// first (size, bit depth, colour type, interlacing), PLTE holds a palette, tRNS transparency, the
// IDAT chunks (consecutive) one zlib stream of the scanlines, IEND ends the file. Each scanline
// is a filter-type byte (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) and the filtered row.
//
// Decoded pixels are always 8-bit: 16-bit samples are scaled (v·255/65535, rounded), 1-, 2- and
// 4-bit grey scaled to 0…255, a palette expanded to RGB (RGBA with a tRNS chunk), and grey or RGB
// with a tRNS colour key given an alpha channel. Adam7-interlaced files are refused.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <zlib.h>

#include <gantk/foundation/error.hpp>
#include <gantk/io/atomic_file.hpp>
#include <gantk/io/read_file.hpp>

namespace gantk::io {

/// An 8-bit image: `pixels` holds height × width × channels values, row-major, top row first,
/// the channels of a pixel side by side (grey; grey, alpha; R, G, B; or R, G, B, A).
struct PngImage {
  int width = 0;
  int height = 0;
  int channels = 0;  ///< 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA
  std::vector<std::uint8_t> pixels;

  /// The value of channel c of the pixel in row y, column x.
  std::uint8_t at(int y, int x, int c = 0) const {
    return pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) *
                      static_cast<std::size_t>(channels) +
                  static_cast<std::size_t>(c)];
  }
};

/// The scanline filter the encoder applies: one for every row, or the one that looks best for
/// each row (the smallest sum of absolute filtered values, libpng's heuristic).
enum class PngFilter { None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4, PerRow = 5 };

struct PngWriteOptions {
  PngFilter filter = PngFilter::PerRow;
  int compression = 6;  ///< zlib's level, 0 (stored) to 9 (smallest)
};

/// The most pixels (width · height) the decoder accepts by default: 2^26, 8192 × 8192. A header
/// that asks for more is refused before anything is allocated for it.
inline constexpr std::size_t png_max_pixels = std::size_t(1) << 26;

namespace detail {

inline constexpr std::array<unsigned char, 8> png_signature = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};

inline std::uint32_t png_u32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}

inline void png_put_u32(std::vector<unsigned char>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>((v >> shift) & 0xff));
}

inline std::string png_hex32(std::uint32_t v) {
  const char* digits = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) s += digits[(v >> shift) & 15];
  return s;
}

/// Appends one chunk: length, type, data, CRC-32 of type and data.
inline void png_chunk(std::vector<unsigned char>& out, const char* type, const unsigned char* data, std::size_t n) {
  png_put_u32(out, static_cast<std::uint32_t>(n));
  const std::size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  if (n > 0) out.insert(out.end(), data, data + n);
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, out.data() + start, static_cast<uInt>(4 + n));
  png_put_u32(out, static_cast<std::uint32_t>(crc));
}

inline int png_paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/// Filters `row` (n bytes; `prev` the unfiltered row above or null for the first) with `type`.
inline void png_filter_row(int type, const unsigned char* row, const unsigned char* prev, std::size_t n,
                           std::size_t bpp, unsigned char* out) {
  for (std::size_t i = 0; i < n; ++i) {
    const int a = i >= bpp ? row[i - bpp] : 0, b = prev ? prev[i] : 0, c = prev && i >= bpp ? prev[i - bpp] : 0;
    int predictor = 0;
    switch (type) {
      case 1: predictor = a; break;
      case 2: predictor = b; break;
      case 3: predictor = (a + b) / 2; break;
      case 4: predictor = png_paeth(a, b, c); break;
      default: break;
    }
    out[i] = static_cast<unsigned char>((row[i] - predictor) & 0xff);
  }
}

/// Reverses the filter of one scanline in place.
inline void png_unfilter_row(int type, unsigned char* row, const unsigned char* prev, std::size_t n, std::size_t bpp) {
  switch (type) {
    case 0: break;
    case 1:
      for (std::size_t i = bpp; i < n; ++i) row[i] = static_cast<unsigned char>((row[i] + row[i - bpp]) & 0xff);
      break;
    case 2:
      if (prev)
        for (std::size_t i = 0; i < n; ++i) row[i] = static_cast<unsigned char>((row[i] + prev[i]) & 0xff);
      break;
    case 3:
      for (std::size_t i = 0; i < n; ++i) {
        const int a = i >= bpp ? row[i - bpp] : 0, b = prev ? prev[i] : 0;
        row[i] = static_cast<unsigned char>((row[i] + (a + b) / 2) & 0xff);
      }
      break;
    case 4:
      for (std::size_t i = 0; i < n; ++i) {
        const int a = i >= bpp ? row[i - bpp] : 0, b = prev ? prev[i] : 0, c = prev && i >= bpp ? prev[i - bpp] : 0;
        row[i] = static_cast<unsigned char>((row[i] + png_paeth(a, b, c)) & 0xff);
      }
      break;
    default: break;
  }
}

inline const char* png_colour_name(int colour_type) {
  switch (colour_type) {
    case 0: return "grey";
    case 2: return "RGB";
    case 3: return "palette";
    case 4: return "grey + alpha";
    case 6: return "RGBA";
    default: return "unknown";
  }
}

/// The colour type with its article: "a grey", "an RGB", ...
inline std::string png_a_colour(int colour_type) {
  const std::string name = png_colour_name(colour_type);
  return (name[0] == 'R' ? "an " : "a ") + name;
}

/// Allowed bit depths of a colour type (empty: not a colour type).
inline std::vector<int> png_bit_depths(int colour_type) {
  switch (colour_type) {
    case 0: return {1, 2, 4, 8, 16};
    case 3: return {1, 2, 4, 8};
    case 2:
    case 4:
    case 6: return {8, 16};
    default: return {};
  }
}

inline bool png_is_letter(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/// The chunk type at p as text when it is four letters, else as hex bytes.
inline std::string png_type_text(const unsigned char* p) {
  bool letters = true;
  for (int i = 0; i < 4; ++i) letters = letters && png_is_letter(p[i]);
  if (letters) return std::string(reinterpret_cast<const char*>(p), 4);
  const char* digits = "0123456789abcdef";
  std::string s = "(bytes";
  for (int i = 0; i < 4; ++i) (s += ' ') += std::string{digits[p[i] >> 4], digits[p[i] & 15]};
  return s + ")";
}

/// Inflates the zlib stream spread over the IDAT chunks into exactly `expected` bytes. The output
/// grows with what zlib produces (never sized from the header alone), so a small corrupt file
/// cannot make it allocate much.
inline std::vector<unsigned char> png_inflate(const std::vector<std::pair<const unsigned char*, std::size_t>>& parts,
                                              std::size_t expected, const std::string& source) {
  std::vector<unsigned char> out;
  z_stream zs{};
  GANTK_CHECK(inflateInit(&zs) == Z_OK, source, ": zlib could not start inflating");
  struct End {
    z_stream& zs;
    ~End() { inflateEnd(&zs); }
  } end{zs};
  const std::size_t cap = expected + 1;  // one byte more than needed reveals a stream that is too long
  std::size_t part = 0, produced = 0;
  while (true) {
    if (zs.avail_in == 0 && part < parts.size()) {
      zs.next_in = const_cast<unsigned char*>(parts[part].first);
      zs.avail_in = static_cast<uInt>(parts[part].second);  // a chunk is at most 2^31 - 1 bytes
      ++part;
    }
    if (produced == out.size()) out.resize(std::min(cap, std::max<std::size_t>(4096, 2 * produced)));
    zs.next_out = out.data() + produced;
    zs.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - produced, 1u << 30));
    const uInt in_given = zs.avail_in, out_given = zs.avail_out;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    produced += out_given - zs.avail_out;
    GANTK_CHECK(produced <= expected, source, ": the image data decompresses to more than the ", expected,
                " bytes the header's size calls for");
    if (rc == Z_STREAM_END) break;
    GANTK_CHECK(rc != Z_NEED_DICT, source, ": corrupt image data (the zlib stream asks for a preset dictionary)");
    GANTK_CHECK(rc == Z_OK || rc == Z_BUF_ERROR, source, ": corrupt image data (zlib: ",
                zs.msg ? std::string(zs.msg) : "error " + std::to_string(rc), ")");
    const bool progress = zs.avail_in != in_given || zs.avail_out != out_given;
    GANTK_CHECK(progress || zs.avail_in == 0, source, ": corrupt image data (zlib makes no progress)");
    // all input taken and room left for output, yet the stream goes on: it is cut short
    GANTK_CHECK(zs.avail_in > 0 || part < parts.size() || zs.avail_out == 0, source,
                ": the image data is truncated: the zlib stream ends early, after ", produced, " of ", expected,
                " bytes");
  }
  GANTK_CHECK(produced == expected, source, ": the image data is truncated: it holds ", produced, " bytes, the header's",
              " size calls for ", expected);
  bool trailing = zs.avail_in > 0;
  for (std::size_t k = part; k < parts.size(); ++k) trailing = trailing || parts[k].second > 0;
  GANTK_CHECK(!trailing, source, ": bytes follow the end of the zlib stream in the IDAT chunks");
  out.resize(produced);
  return out;
}

}  // namespace detail

/// The PNG file of an 8-bit image: `pixels` holds height × width × channels values, row-major
/// (channels 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA).
/// @throws gantk::Error when the size, the channels, the number of values or the options are wrong.
inline std::vector<unsigned char> encode_png(std::span<const std::uint8_t> pixels, int width, int height, int channels,
                                             const PngWriteOptions& options = {}) {
  GANTK_CHECK(channels >= 1 && channels <= 4, "encode_png: channels must be 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 ",
              "(RGBA), got ", channels);
  GANTK_CHECK(width > 0 && height > 0, "encode_png: a ", width, " × ", height,
              " image: width and height must be positive");
  const std::size_t row = static_cast<std::size_t>(width) * static_cast<std::size_t>(channels);
  const std::size_t values = row * static_cast<std::size_t>(height);
  GANTK_CHECK(pixels.size() == values, "encode_png: ", pixels.size(), " pixel values, but a ", width, " × ", height,
              " image of ", channels, " channels has ", values);
  GANTK_CHECK(options.compression >= 0 && options.compression <= 9, "encode_png: compression level ",
              options.compression, " (zlib's levels are 0 to 9)");
  const int filter = static_cast<int>(options.filter);
  GANTK_CHECK(filter >= 0 && filter <= 5, "encode_png: filter ", filter, " is not a PngFilter");
  const std::size_t stride = row + 1;
  GANTK_CHECK(values / row == static_cast<std::size_t>(height) &&
                  stride * static_cast<std::size_t>(height) <= std::numeric_limits<uLong>::max() / 2,
              "encode_png: a ", width, " × ", height, " image is too large for zlib");

  std::vector<unsigned char> raw(stride * static_cast<std::size_t>(height));
  std::vector<unsigned char> trial(row);
  const std::size_t bpp = static_cast<std::size_t>(channels);
  for (std::size_t y = 0; y < static_cast<std::size_t>(height); ++y) {
    const unsigned char* cur = pixels.data() + y * row;
    const unsigned char* prev = y > 0 ? cur - row : nullptr;
    unsigned char* out = raw.data() + y * stride;
    int chosen = filter;
    if (options.filter == PngFilter::PerRow) {
      std::uint64_t best = std::numeric_limits<std::uint64_t>::max();
      for (int t = 0; t <= 4; ++t) {
        detail::png_filter_row(t, cur, prev, row, bpp, trial.data());
        std::uint64_t score = 0;  // the filtered bytes as signed values: small is compressible
        for (const unsigned char v : trial) score += static_cast<std::uint64_t>(v < 128 ? v : 256 - v);
        if (score < best) {
          best = score;
          chosen = t;
        }
      }
    }
    out[0] = static_cast<unsigned char>(chosen);
    detail::png_filter_row(chosen, cur, prev, row, bpp, out + 1);
  }

  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::vector<unsigned char> packed(packed_size);
  const int rc = compress2(packed.data(), &packed_size, raw.data(), static_cast<uLong>(raw.size()), options.compression);
  GANTK_CHECK(rc == Z_OK, "encode_png: zlib's compress2 failed (error ", rc, ")");

  std::vector<unsigned char> png(detail::png_signature.begin(), detail::png_signature.end());
  std::vector<unsigned char> ihdr;
  detail::png_put_u32(ihdr, static_cast<std::uint32_t>(width));
  detail::png_put_u32(ihdr, static_cast<std::uint32_t>(height));
  static constexpr unsigned char colour_types[] = {0, 0, 4, 2, 6};
  ihdr.insert(ihdr.end(), {8, colour_types[channels], 0, 0, 0});  // bit depth, colour type, methods 0
  detail::png_chunk(png, "IHDR", ihdr.data(), ihdr.size());
  const std::size_t idat_size = std::size_t(1) << 20;  // IDAT chunks of 1 MiB
  for (std::size_t start = 0; start < packed_size; start += idat_size)
    detail::png_chunk(png, "IDAT", packed.data() + start, std::min<std::size_t>(idat_size, packed_size - start));
  detail::png_chunk(png, "IEND", nullptr, 0);
  return png;
}

inline std::vector<unsigned char> encode_png(const PngImage& image, const PngWriteOptions& options = {}) {
  return encode_png(image.pixels, image.width, image.height, image.channels, options);
}

/// Writes an 8-bit image (see encode_png) to `path` as a PNG file, atomically (io/atomic_file.hpp).
/// @throws gantk::Error for a bad image (see encode_png) or when the file cannot be written.
inline void write_png(const std::string& path, std::span<const std::uint8_t> pixels, int width, int height, int channels,
                      const PngWriteOptions& options = {}) {
  const std::vector<unsigned char> png = encode_png(pixels, width, height, channels, options);
  write_bytes_atomically(path, png.data(), png.size());
}

inline void write_png(const std::string& path, const PngImage& image, const PngWriteOptions& options = {}) {
  write_png(path, image.pixels, image.width, image.height, image.channels, options);
}

/// Decodes the PNG file [bytes, bytes + n); `source` names it in errors. Reads 1-, 2-, 4-, 8- and
/// 16-bit grey, grey + alpha, RGB, RGBA and palette images, non-interlaced, to 8-bit pixels (see
/// the top of this file); unknown ancillary chunks are skipped.
/// @throws gantk::Error naming what is wrong: no PNG signature, a chunk that is truncated, has a
/// bad CRC, a bad type or is out of order, an invalid or unsupported header (Adam7 interlacing;
/// more than `max_pixels` pixels), a bad palette or tRNS chunk, corrupt, truncated or excess
/// image data, an undefined filter type, a palette index outside the palette, no IDAT or IEND,
/// or bytes after IEND.
inline PngImage decode_png(const unsigned char* bytes, std::size_t n, const std::string& source = "PNG data",
                           std::size_t max_pixels = png_max_pixels) {
  using detail::png_u32;
  GANTK_CHECK(n >= 8, source, ": not a PNG file: ", n, " bytes, shorter than the 8-byte PNG signature");
  GANTK_CHECK(std::memcmp(bytes, detail::png_signature.data(), 8) == 0, source,
              ": not a PNG file (it does not start with the PNG signature 89 50 4E 47 0D 0A 1A 0A)");
  std::uint32_t width = 0, height = 0;
  int depth = 0, colour = 0;
  bool have_ihdr = false, have_plte = false, have_trns = false, have_iend = false, idat_ended = false;
  std::vector<std::pair<const unsigned char*, std::size_t>> idat;
  std::array<std::array<std::uint8_t, 4>, 256> palette{};
  std::size_t palette_size = 0;
  std::array<std::uint32_t, 3> key{};  // tRNS colour key of a grey or RGB image
  std::size_t pos = 8;
  while (!have_iend) {
    GANTK_CHECK(pos < n, source, ": the file is truncated: it ends ", idat.empty() ? "before any image data" : "",
                idat.empty() ? "" : "without an IEND chunk", " (after ", n, " bytes)");
    GANTK_CHECK(n - pos >= 12, source, ": the file is truncated: ", n - pos, " bytes at offset ", pos,
                ", too few for a chunk (12 at least)");
    const unsigned char* head = bytes + pos;
    const std::uint32_t length = png_u32(head);
    const std::string type = detail::png_type_text(head + 4);
    GANTK_CHECK(type.size() == 4, source, ": corrupt chunk at offset ", pos, ": its type ", type,
                " is not four letters");
    GANTK_CHECK(length <= 0x7fffffffu, source, ": corrupt chunk ", type, " at offset ", pos, ": it declares ", length,
                " bytes of data, more than PNG's 2^31 - 1");
    GANTK_CHECK(length <= n - pos - 12, source, ": the file is truncated: chunk ", type, " at offset ", pos,
                " declares ", length, " bytes of data but only ", n - pos - 12, " follow");
    const unsigned char* data = head + 8;
    const std::uint32_t stored = png_u32(data + length);
    const std::uint32_t computed =
        static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), head + 4, static_cast<uInt>(length + 4)));
    GANTK_CHECK(stored == computed, source, ": chunk ", type, " at offset ", pos, " is corrupt: its CRC is ",
                detail::png_hex32(stored), " but its content gives ", detail::png_hex32(computed));
    pos += 12 + std::size_t(length);

    GANTK_CHECK(have_ihdr || type == "IHDR", source, ": the first chunk is ", type, ", not IHDR");
    if (!idat.empty() && type != "IDAT") idat_ended = true;
    if (type == "IHDR") {
      GANTK_CHECK(!have_ihdr, source, ": a second IHDR chunk");
      GANTK_CHECK(length == 13, source, ": the IHDR chunk has ", length, " bytes, not 13");
      have_ihdr = true;
      width = png_u32(data);
      height = png_u32(data + 4);
      depth = data[8];
      colour = data[9];
      GANTK_CHECK(width > 0 && height > 0 && width <= 0x7fffffffu && height <= 0x7fffffffu, source,
                  ": the header gives a ", width, " × ", height, " image (1 to 2^31 - 1 pixels each way)");
      const std::vector<int> depths = detail::png_bit_depths(colour);
      GANTK_CHECK(!depths.empty(), source, ": colour type ", colour, " is not a PNG colour type (0, 2, 3, 4 or 6)");
      GANTK_CHECK(std::find(depths.begin(), depths.end(), depth) != depths.end(), source, ": bit depth ", depth,
                  " is not allowed for colour type ", colour, " (", detail::png_colour_name(colour), ": ",
                  colour == 0 ? "1, 2, 4, 8 or 16" : colour == 3 ? "1, 2, 4 or 8" : "8 or 16", ")");
      GANTK_CHECK(data[10] == 0, source, ": compression method ", int(data[10]), " (PNG defines only 0, deflate)");
      GANTK_CHECK(data[11] == 0, source, ": filter method ", int(data[11]), " (PNG defines only 0)");
      GANTK_CHECK(data[12] <= 1, source, ": interlace method ", int(data[12]), " (PNG defines 0, none, and 1, Adam7)");
      GANTK_CHECK(data[12] == 0, source,
                  ": an Adam7-interlaced PNG, which is not supported: gantk reads non-interlaced PNGs (save it "
                  "again without interlacing)");
      GANTK_CHECK(std::size_t(width) <= max_pixels / height, source, ": a ", width, " × ", height,
                  " image, more than the ", max_pixels, " pixels read (a corrupt header, or raise max_pixels)");
    } else if (type == "PLTE") {
      GANTK_CHECK(!have_plte, source, ": a second PLTE chunk");
      GANTK_CHECK(idat.empty(), source, ": the PLTE chunk comes after the image data");
      GANTK_CHECK(colour != 0 && colour != 4, source, ": ", detail::png_a_colour(colour),
                  " image has a PLTE chunk");
      GANTK_CHECK(length % 3 == 0 && length >= 3 && length <= 768, source, ": the PLTE chunk has ", length,
                  " bytes, not 1 to 256 RGB entries of 3 bytes");
      GANTK_CHECK(!have_trns, source, ": the PLTE chunk comes after tRNS");
      have_plte = true;
      palette_size = length / 3;
      for (std::size_t i = 0; i < palette_size; ++i) palette[i] = {data[3 * i], data[3 * i + 1], data[3 * i + 2], 255};
    } else if (type == "tRNS") {
      GANTK_CHECK(!have_trns, source, ": a second tRNS chunk");
      GANTK_CHECK(idat.empty(), source, ": the tRNS chunk comes after the image data");
      GANTK_CHECK(colour != 4 && colour != 6, source, ": ", detail::png_a_colour(colour),
                  " image, which has an alpha channel, has a tRNS chunk");
      if (colour == 3) {
        GANTK_CHECK(have_plte, source, ": the tRNS chunk comes before PLTE");
        GANTK_CHECK(length <= palette_size, source, ": the tRNS chunk has ", length, " alpha values for a palette of ",
                    palette_size, " colours");
        for (std::size_t i = 0; i < length; ++i) palette[i][3] = data[i];
      } else {
        const std::uint32_t want = colour == 0 ? 2 : 6;
        GANTK_CHECK(length == want, source, ": the tRNS chunk of ", detail::png_a_colour(colour), " image has ",
                    length, " bytes, not ", want);
        for (std::uint32_t k = 0; k < want / 2; ++k) key[k] = (std::uint32_t(data[2 * k]) << 8) | data[2 * k + 1];
      }
      have_trns = true;
    } else if (type == "IDAT") {
      GANTK_CHECK(!idat_ended, source, ": the IDAT chunks are not consecutive (another chunk comes between them)");
      GANTK_CHECK(colour != 3 || have_plte, source, ": a palette image without a PLTE chunk before its image data");
      idat.emplace_back(data, length);
    } else if (type == "IEND") {
      GANTK_CHECK(length == 0, source, ": the IEND chunk has ", length, " bytes of data, not 0");
      GANTK_CHECK(!idat.empty(), source, ": no IDAT chunk (the file holds no image data)");
      have_iend = true;
    } else {
      // an unknown chunk: ancillary ones (first letter lower case) may be skipped, critical ones not
      GANTK_CHECK(type[0] >= 'a', source, ": unknown critical chunk ", type,
                  " (gantk reads IHDR, PLTE, IDAT and IEND and skips ancillary chunks)");
    }
  }
  GANTK_CHECK(pos == n, source, ": ", n - pos, " bytes follow the IEND chunk");

  static constexpr int samples_per_pixel[] = {1, 0, 3, 1, 2, 0, 4};
  const std::size_t in_channels = static_cast<std::size_t>(samples_per_pixel[colour]);
  const std::size_t bits = in_channels * static_cast<std::size_t>(depth);
  const std::size_t row_bytes = (std::size_t(width) * bits + 7) / 8;
  const std::size_t bpp = std::max<std::size_t>(1, bits / 8);
  const std::size_t stride = row_bytes + 1;
  std::vector<unsigned char> raw = detail::png_inflate(idat, stride * height, source);

  for (std::size_t y = 0; y < height; ++y) {
    unsigned char* row = raw.data() + y * stride;
    GANTK_CHECK(row[0] <= 4, source, ": row ", y, " has filter type ", int(row[0]),
                " (PNG defines 0 to 4: None, Sub, Up, Average, Paeth)");
    detail::png_unfilter_row(row[0], row + 1, y > 0 ? row + 1 - stride : nullptr, row_bytes, bpp);
  }

  PngImage image;
  image.width = static_cast<int>(width);
  image.height = static_cast<int>(height);
  image.channels = colour == 3 ? (have_trns ? 4 : 3) : static_cast<int>(in_channels) + (have_trns ? 1 : 0);
  const std::size_t out_channels = static_cast<std::size_t>(image.channels);
  image.pixels.resize(std::size_t(width) * height * out_channels);
  const std::uint32_t max_sample = (std::uint32_t(1) << depth) - 1;
  for (std::size_t y = 0; y < height; ++y) {
    const unsigned char* row = raw.data() + y * stride + 1;
    // sample k of the row, as stored (big-endian for 16 bits, most significant bits first below 8)
    const auto sample = [&](std::size_t k) -> std::uint32_t {
      if (depth == 8) return row[k];
      if (depth == 16) return (std::uint32_t(row[2 * k]) << 8) | row[2 * k + 1];
      const std::size_t bit = k * static_cast<std::size_t>(depth);
      return (std::uint32_t(row[bit / 8]) >> (8 - static_cast<std::size_t>(depth) - bit % 8)) & max_sample;
    };
    const auto to8 = [&](std::uint32_t v) -> std::uint8_t {
      if (depth == 8) return static_cast<std::uint8_t>(v);
      if (depth == 16) return static_cast<std::uint8_t>((v * 255 + 32767) / 65535);
      return static_cast<std::uint8_t>(v * 255 / max_sample);
    };
    std::uint8_t* out = image.pixels.data() + y * width * out_channels;
    for (std::size_t x = 0; x < width; ++x, out += out_channels) {
      if (colour == 3) {
        const std::uint32_t index = sample(x);
        GANTK_CHECK(index < palette_size, source, ": pixel (", x, ", ", y, ") has palette index ", index,
                    ", outside the palette of ", palette_size, " colours");
        std::copy_n(palette[index].begin(), out_channels, out);
        continue;
      }
      bool keyed = have_trns;
      for (std::size_t c = 0; c < in_channels; ++c) {
        const std::uint32_t v = sample(x * in_channels + c);
        keyed = keyed && v == key[c];
        out[c] = to8(v);
      }
      if (have_trns) out[in_channels] = keyed ? 0 : 255;
    }
  }
  return image;
}

inline PngImage decode_png(const std::vector<unsigned char>& bytes, const std::string& source = "PNG data",
                           std::size_t max_pixels = png_max_pixels) {
  return decode_png(bytes.data(), bytes.size(), source, max_pixels);
}

/// Reads a PNG file (see decode_png). @throws gantk::Error naming the file and what is wrong.
inline PngImage read_png(const std::string& path, std::size_t max_pixels = png_max_pixels) {
  const std::vector<unsigned char> bytes = read_whole_file(path, "read PNG file");
  return decode_png(bytes.data(), bytes.size(), path, max_pixels);
}

}  // namespace gantk::io
