// gunzip: the content of gzip data held in memory (zlib's inflate), bounded in size.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include <zlib.h>

#include <gantk/foundation/error.hpp>

namespace gantk::io {

/// True when `bytes` start with gzip's magic number (1f 8b).
inline bool is_gzip(const unsigned char* bytes, std::size_t n) { return n >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b; }

/// The decompressed content of the gzip data [bytes, bytes + n) (several members are read one
/// after another, as gzip -d does). `source` names the data in errors.
/// @throws gantk::Error when the data is not gzip, is corrupt or truncated, or would decompress
/// to more than `limit` bytes (a guard against decompression bombs).
inline std::vector<unsigned char> gunzip(const unsigned char* bytes, std::size_t n, const std::string& source,
                                         std::size_t limit = std::size_t(1) << 31) {
  GANTK_CHECK(is_gzip(bytes, n), source, ": not gzip data (no 1f 8b magic number)");
  std::vector<unsigned char> out;
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip wrapper, not zlib's
  GANTK_CHECK(inflateInit2(&zs, 16 + MAX_WBITS) == Z_OK, source, ": zlib could not start inflating");
  struct End {
    z_stream& zs;
    ~End() { inflateEnd(&zs); }
  } end{zs};
  std::size_t in_pos = 0, produced = 0;
  while (true) {
    if (produced == out.size()) {  // grow the output geometrically, up to the limit
      GANTK_CHECK(produced < limit, source, ": decompresses to more than ", limit, " bytes");
      out.resize(std::min(limit, std::max<std::size_t>(4096, 2 * produced)));
    }
    zs.next_in = const_cast<unsigned char*>(bytes + in_pos);
    zs.avail_in = static_cast<uInt>(std::min<std::size_t>(n - in_pos, 1u << 30));
    zs.next_out = out.data() + produced;
    zs.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - produced, 1u << 30));
    const uInt in_given = zs.avail_in, out_given = zs.avail_out;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    in_pos += in_given - zs.avail_in;
    produced += out_given - zs.avail_out;
    if (rc == Z_STREAM_END) {
      if (in_pos == n) break;
      // another gzip member follows, unless what follows is not gzip at all
      GANTK_CHECK(is_gzip(bytes + in_pos, n - in_pos), source, ": ", n - in_pos,
                  " bytes after the end of the gzip data are not gzip");
      GANTK_CHECK(inflateReset(&zs) == Z_OK, source, ": zlib could not restart inflating");
      continue;
    }
    GANTK_CHECK(rc == Z_OK || rc == Z_BUF_ERROR, source, ": corrupt gzip data (zlib: ",
                zs.msg ? zs.msg : "error " + std::to_string(rc), ")");
    // all input taken, room left for output, and the stream not ended: the data stops inside it
    GANTK_CHECK(in_pos < n || zs.avail_out == 0, source,
                ": the gzip data is truncated (it ends inside the compressed stream)");
  }
  out.resize(produced);
  return out;
}

}  // namespace gantk::io
