// PNG files built by hand, chunk by chunk, for the PNG decoder's tests and its fuzz target: any
// header, filtered scanlines given byte by byte, extra chunks, the image data split over several
// IDAT chunks. Written apart from io/png.hpp (only zlib is shared) so that the tests do not check
// the decoder against its own encoder alone.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <zlib.h>

namespace gantk::test {

using PngBytes = std::vector<unsigned char>;

inline void png_append_u32(PngBytes& out, std::uint32_t v) {
  out.push_back(static_cast<unsigned char>(v >> 24));
  out.push_back(static_cast<unsigned char>(v >> 16));
  out.push_back(static_cast<unsigned char>(v >> 8));
  out.push_back(static_cast<unsigned char>(v));
}

/// One chunk: length, type, data, CRC-32 of type and data.
inline PngBytes png_chunk_bytes(const std::string& type, const PngBytes& data) {
  PngBytes out;
  png_append_u32(out, static_cast<std::uint32_t>(data.size()));
  PngBytes body(type.begin(), type.end());
  body.insert(body.end(), data.begin(), data.end());
  out.insert(out.end(), body.begin(), body.end());
  png_append_u32(out, static_cast<std::uint32_t>(crc32(0L, body.data(), static_cast<uInt>(body.size()))));
  return out;
}

/// The 13 bytes of an IHDR chunk.
inline PngBytes png_ihdr_data(std::uint32_t width, std::uint32_t height, int depth, int colour, int interlace = 0) {
  PngBytes d;
  png_append_u32(d, width);
  png_append_u32(d, height);
  d.push_back(static_cast<unsigned char>(depth));
  d.push_back(static_cast<unsigned char>(colour));
  d.push_back(0);
  d.push_back(0);
  d.push_back(static_cast<unsigned char>(interlace));
  return d;
}

/// `raw` as one zlib stream.
inline PngBytes zlib_bytes(const PngBytes& raw, int level = 9) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  PngBytes out(size);
  if (compress2(out.data(), &size, raw.data(), static_cast<uLong>(raw.size()), level) != Z_OK)
    throw std::runtime_error("compress2 failed");
  out.resize(size);
  return out;
}

struct PngChunkSpec {
  std::string type;
  PngBytes data;
};

/// A whole PNG file: the signature, IHDR, `before` (PLTE, tRNS, ancillary chunks), the zlib stream
/// of `scanlines` (each row's filter byte and filtered bytes, as stored) in `idat_parts` IDAT
/// chunks, IEND; `level` is zlib's compression level (0: stored blocks, the scanlines verbatim).
inline PngBytes png_file(std::uint32_t width, std::uint32_t height, int depth, int colour, const PngBytes& scanlines,
                         const std::vector<PngChunkSpec>& before = {}, std::size_t idat_parts = 1, int interlace = 0,
                         int level = 9) {
  PngBytes out = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
  const auto add = [&out](const PngBytes& b) { out.insert(out.end(), b.begin(), b.end()); };
  add(png_chunk_bytes("IHDR", png_ihdr_data(width, height, depth, colour, interlace)));
  for (const auto& c : before) add(png_chunk_bytes(c.type, c.data));
  const PngBytes z = zlib_bytes(scanlines, level);
  const std::size_t part = (z.size() + idat_parts - 1) / idat_parts;
  for (std::size_t start = 0; start < z.size(); start += part)
    add(png_chunk_bytes("IDAT", PngBytes(z.begin() + static_cast<std::ptrdiff_t>(start),
                                         z.begin() + static_cast<std::ptrdiff_t>(std::min(z.size(), start + part)))));
  add(png_chunk_bytes("IEND", {}));
  return out;
}

}  // namespace gantk::test
