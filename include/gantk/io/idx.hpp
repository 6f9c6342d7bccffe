// IDX arrays (the MNIST file format), plain or gzip-compressed.
//
// Layout: two zero bytes, a type byte, the number of dimensions d; then d big-endian 32-bit
// sizes, outermost first; then the values in row-major order. MNIST and Fashion-MNIST use
// unsigned bytes (type 0x08), the only type read here: images are n × rows × columns, labels n.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gantk/foundation/error.hpp>
#include <gantk/io/gzip.hpp>
#include <gantk/io/read_file.hpp>

namespace gantk::io {

/// An IDX array of unsigned bytes: its sizes (outermost first) and its values in row-major order.
struct IdxArray {
  std::vector<std::uint32_t> dims;
  std::vector<unsigned char> values;

  /// Values per entry of the outermost dimension (28 × 28 = 784 for an MNIST image file).
  std::size_t entry_size() const {
    std::size_t s = 1;
    for (std::size_t i = 1; i < dims.size(); ++i) s *= dims[i];
    return s;
  }
};

namespace detail {
inline std::string hex_byte(unsigned v) {
  const char* digits = "0123456789ABCDEF";
  return std::string("0x") + digits[(v >> 4) & 15] + digits[v & 15];
}
inline const char* idx_type_name(unsigned type) {
  switch (type) {
    case 0x09: return "signed byte";
    case 0x0B: return "16-bit integer";
    case 0x0C: return "32-bit integer";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "unknown";
  }
}
}  // namespace detail

/// Parses IDX bytes (not compressed). `source` names them in errors.
/// @throws gantk::Error naming what is wrong: a short header, a bad magic number, a type other
/// than unsigned bytes, no or more than 8 dimensions, a zero size, or values that do not fill the
/// dimensions exactly (truncated, or bytes left over).
inline IdxArray parse_idx(const unsigned char* bytes, std::size_t n, const std::string& source) {
  GANTK_CHECK(n >= 4, source, ": not an IDX file: ", n, " bytes, shorter than the 4-byte magic number");
  GANTK_CHECK(bytes[0] == 0 && bytes[1] == 0, source, ": not an IDX file: the magic number starts with ",
              int(bytes[0]), ", ", int(bytes[1]), " instead of 0, 0");
  const unsigned type = bytes[2], rank = bytes[3];
  GANTK_CHECK(type == 0x08, source, ": IDX values of type ", detail::hex_byte(type),
              " (", detail::idx_type_name(type), ") are not supported: gantk reads unsigned-byte IDX files (0x08), as "
              "MNIST and Fashion-MNIST are");
  GANTK_CHECK(rank >= 1 && rank <= 8, source, ": an IDX array with ", rank, " dimensions (1 to 8 are read)");
  const std::size_t header = 4 + 4 * std::size_t(rank);
  GANTK_CHECK(n >= header, source, ": the IDX header is truncated: ", n, " bytes, ", header, " needed for ", rank,
              " dimensions");
  IdxArray a;
  std::size_t count = 1;
  bool beyond = false;  // the product overflows: more values than any file holds
  const std::size_t available = n - header;
  for (unsigned d = 0; d < rank; ++d) {
    const unsigned char* p = bytes + 4 + 4 * d;
    const std::uint32_t size = (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
                               std::uint32_t(p[3]);
    GANTK_CHECK(size > 0, source, ": dimension ", d, " of the IDX array has size 0");
    a.dims.push_back(size);
    if (beyond || count > std::numeric_limits<std::size_t>::max() / size) beyond = true;
    else count *= size;
  }
  GANTK_CHECK(!beyond && count == available, source, ": the IDX dimensions call for ",
              beyond ? std::string("more") : std::to_string(count), " values but ", available,
              " bytes follow the header", count > available || beyond ? " (the file is truncated or its header is corrupt)"
                                                                       : " (bytes are left over)");
  a.values.assign(bytes + header, bytes + n);
  return a;
}

/// Reads an IDX file, gzip-compressed (a .gz file, detected by its content) or not.
/// @throws gantk::Error naming the file and what is wrong with it.
inline IdxArray read_idx(const std::string& path) {
  const auto bytes = read_whole_file(path, "read IDX file");
  if (is_gzip(bytes.data(), bytes.size())) {
    const auto plain = gunzip(bytes.data(), bytes.size(), path);
    return parse_idx(plain.data(), plain.size(), path);
  }
  return parse_idx(bytes.data(), bytes.size(), path);
}

}  // namespace gantk::io
