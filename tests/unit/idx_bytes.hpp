// IDX and gzip bytes built in memory, for the IDX reader's tests and its fuzz target.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include <zlib.h>

namespace gantk::test {

/// An unsigned-byte IDX array with the given sizes, values 0, 1, 2, … (mod 256).
inline std::vector<unsigned char> idx_bytes(const std::vector<std::uint32_t>& dims) {
  std::vector<unsigned char> out = {0, 0, 0x08, static_cast<unsigned char>(dims.size())};
  std::size_t count = 1;
  for (const std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>((d >> shift) & 0xff));
    count *= d;
  }
  for (std::size_t i = 0; i < count; ++i) out.push_back(static_cast<unsigned char>(i % 256));
  return out;
}

/// `plain` compressed as one gzip member (zlib's deflate with a gzip wrapper).
inline std::vector<unsigned char> gzip_bytes(const std::vector<unsigned char>& plain) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::vector<unsigned char> out(deflateBound(&zs, static_cast<uLong>(plain.size())) + 32);
  zs.next_in = const_cast<unsigned char*>(plain.data());
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  out.resize(zs.total_out);
  return out;
}

}  // namespace gantk::test
