// .npy in and out, so samples move to and from NumPy: a strict reader (every header field and the
// file's size checked before anything is allocated) and an atomic writer that detects write errors.
//
// NumPy's convention is one sample per row: an (N, d) array. gantk's is one sample per column:
// a d × N column-major matrix. The two have the same bytes (in C order), so no transpose is needed;
// a file written in Fortran order (NumPy does so for transposed arrays) is reordered on reading.
// xtensor arrays: <gantk/io/npy_xtensor.hpp> (not in the umbrella header, to keep xtensor's
// compile time out of every translation unit).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include <gantk/foundation/error.hpp>
#include <gantk/data/matrix_dataset.hpp>
#include <gantk/io/atomic_file.hpp>
#include <gantk/io/npy_header.hpp>

namespace gantk::io {

/// The element types .npy files are read into and written from.
template <class T>
concept NpyScalar = std::is_same_v<T, float> || std::is_same_v<T, double>;

/// A .npy array as read: its validated header, and its values as a d × N matrix (N × 1 for 1-d).
template <class T>
struct NpyArray {
  NpyHeader header;
  HostMatrix<T> values;
};

namespace detail {

/// The bytes of a .npy file held in memory (tests, fuzzing, embedded data).
class NpyMemoryInput {
 public:
  explicit NpyMemoryInput(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t size() const { return bytes_.size(); }
  /// Copies the next n bytes; false when fewer remain.
  bool read(char* out, std::size_t n) {
    if (n > bytes_.size() - pos_) return false;
    if (n == 0) return true;  // an empty view's data() may be null, which memcpy must not see
    std::memcpy(out, bytes_.data() + pos_, n);
    pos_ += n;
    return true;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

/// A regular file opened for reading; anything else (missing, a folder, a FIFO that would block,
/// a device) is refused before it is opened.
class NpyFileInput {
 public:
  explicit NpyFileInput(const std::string& path) {
    using gantk::detail::fail;
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(st)) fail("load_npy: ", path, ": no such file");
    if (std::filesystem::is_directory(st)) fail("load_npy: ", path, ": is a folder, not a .npy file");
    if (!std::filesystem::is_regular_file(st))
      fail("load_npy: ", path, ": is not a regular file (a FIFO, socket or device); it is not opened");
    size_ = std::filesystem::file_size(path, ec);
    if (ec) fail("load_npy: ", path, ": cannot read its size (", ec.message(), ")");
    in_.open(path, std::ios::binary);
    if (!in_) fail("load_npy: ", path, ": cannot be opened for reading");
  }
  std::uint64_t size() const { return size_; }
  bool read(char* out, std::size_t n) {
    in_.read(out, static_cast<std::streamsize>(n));
    return static_cast<std::size_t>(in_.gcount()) == n;
  }

 private:
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

template <class Word>
Word npy_byte_swap(Word w) {
  auto bytes = std::bit_cast<std::array<unsigned char, sizeof(Word)>>(w);
  std::reverse(bytes.begin(), bytes.end());
  return std::bit_cast<Word>(bytes);
}

/// Decodes `count` elements starting at element `first` of the file's order into `out`
/// (the d × N matrix's storage), byte-swapping and reordering as the header says.
template <class T, class Stored>
void npy_decode(const char* bytes, std::uint64_t first, std::uint64_t count, const NpyHeader& h, T* out) {
  const bool swap = h.big_endian != (std::endian::native == std::endian::big);
  const bool transposed = h.fortran_order && h.rank == 2;
  using Bits = std::conditional_t<sizeof(Stored) == 4, std::uint32_t, std::uint64_t>;
  for (std::uint64_t k = 0; k < count; ++k) {
    Stored v;
    std::memcpy(&v, bytes + k * sizeof(Stored), sizeof(Stored));
    if (swap) v = std::bit_cast<Stored>(npy_byte_swap(std::bit_cast<Bits>(v)));
    const std::uint64_t e = first + k;
    // Fortran order walks the (N, d) array down its columns: element e is sample e % N, feature e / N.
    const std::uint64_t at = transposed ? (e % h.rows) * h.cols + e / h.rows : e;
    out[at] = static_cast<T>(v);
  }
}

template <class T, class Input>
NpyArray<T> read_npy(Input& in, std::string_view source) {
  using gantk::detail::fail;
  const std::uint64_t total = in.size();
  // The prelude: 10 bytes, 12 from version 2 on (its header length has 4 bytes).
  std::string header(static_cast<std::size_t>(std::min<std::uint64_t>(total, 10)), '\0');
  if (!in.read(header.data(), header.size())) fail("load_npy: ", source, ": the file changed while it was read");
  if (header.size() == 10 && total >= 12 && (header[6] == 2 || header[6] == 3)) {
    header.resize(12);
    if (!in.read(header.data() + 10, 2)) fail("load_npy: ", source, ": the file changed while it was read");
  }
  const NpyHeader prelude = parse_npy_prelude(header, source);
  if (prelude.data_offset > total)
    fail("load_npy: ", source, ": the file is ", total, " bytes long, shorter than its ", prelude.data_offset,
         "-byte header");
  const std::size_t read_so_far = header.size();
  header.resize(static_cast<std::size_t>(prelude.data_offset));
  if (!in.read(header.data() + read_so_far, header.size() - read_so_far))
    fail("load_npy: ", source, ": the file changed while it was read");
  const NpyHeader h = parse_npy_header(header, source);
  // The data must be exactly what the header describes: checked before allocating anything.
  const std::uint64_t present = total - h.data_offset;
  if (present < h.data_bytes)
    fail("load_npy: ", source, ": the header's shape (", h.rows, h.rank == 2 ? ", " + std::to_string(h.cols) : ",",
         ") needs ", h.data_bytes, " bytes of data but the file holds ", present, " (truncated or a wrong shape)");
  if (present > h.data_bytes)
    fail("load_npy: ", source, ": the file holds ", present - h.data_bytes, " bytes after the ", h.data_bytes,
         " bytes of data its header's shape describes");

  NpyArray<T> a{h, HostMatrix<T>(static_cast<Index>(h.cols), static_cast<Index>(h.rows))};
  constexpr std::uint64_t chunk = 1 << 16;  // a multiple of both word sizes
  std::string buffer(static_cast<std::size_t>(std::min(chunk, h.data_bytes)), '\0');
  for (std::uint64_t done = 0; done < h.data_bytes;) {
    const std::uint64_t n = std::min(chunk, h.data_bytes - done);
    if (!in.read(buffer.data(), static_cast<std::size_t>(n)))
      fail("load_npy: ", source, ": the file changed while it was read");
    const std::uint64_t first = done / static_cast<std::uint64_t>(h.word), count = n / static_cast<std::uint64_t>(h.word);
    if (h.word == 4)
      npy_decode<T, float>(buffer.data(), first, count, h, a.values.data());
    else
      npy_decode<T, double>(buffer.data(), first, count, h, a.values.data());
    done += n;
  }
  return a;
}

/// The header NumPy writes for a C-order array: padded with spaces to a multiple of 64 bytes.
template <NpyScalar T>
std::string npy_header_bytes(std::uint64_t rows, std::uint64_t cols, int rank) {
  const char order = std::endian::native == std::endian::big ? '>' : '<';
  using gantk::detail::concat;
  const std::string shape = rank == 1 ? concat("(", rows, ",)") : concat("(", rows, ", ", cols, ")");
  std::string dict = concat("{'descr': '", order, "f", sizeof(T), "', 'fortran_order': False, 'shape': ", shape, ", }");
  const std::size_t unpadded = 10 + dict.size() + 1;  // prelude + dictionary + '\n'
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  std::string out(npy_magic);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  return out + dict;
}

/// Writes an array of `rows` samples of `cols` values (contiguous, sample after sample) to `path`,
/// checking the stream after writing and after closing.
template <NpyScalar T>
void write_npy_file(const std::string& path, const T* data, std::uint64_t rows, std::uint64_t cols, int rank) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  GANTK_CHECK(static_cast<bool>(out), "save_npy: cannot open ", path, " for writing");
  const std::string header = npy_header_bytes<T>(rows, cols, rank);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(rows * cols * sizeof(T)));
  out.flush();
  GANTK_CHECK(static_cast<bool>(out), "save_npy: writing ", path, " failed (", rows * cols * sizeof(T) + header.size(),
              " bytes; disk full?)");
  out.close();
  GANTK_CHECK(!out.fail(), "save_npy: closing ", path, " failed");
}

}  // namespace detail

/// Reads a .npy file: its header and its values as a d × N matrix (N × 1 for a 1-d array).
/// @throws gantk::Error naming the file and what is wrong with it.
template <NpyScalar T = float>
NpyArray<T> read_npy_file(const std::string& path) {
  detail::NpyFileInput in(path);
  return detail::read_npy<T>(in, path);
}

/// Reads .npy bytes held in memory; `source` names them in messages.
template <NpyScalar T = float>
NpyArray<T> read_npy_bytes(std::string_view bytes, std::string_view source = "<memory>") {
  detail::NpyMemoryInput in(bytes);
  return detail::read_npy<T>(in, source);
}

/// Reads an (N, d) or (N,) float32 or float64 .npy array, in either byte order and in C or
/// Fortran order, as a d × N matrix (N × 1 for a 1-d array).
/// @throws gantk::Error naming the file when it is missing, not a regular file, or its header or
/// size is not that of such an array.
template <NpyScalar T = float>
HostMatrix<T> load_npy(const std::string& path) {
  return read_npy_file<T>(path).values;
}

/// Loads an (N, d) .npy file as an in-memory dataset (checked for NaN and Inf).
template <NpyScalar T = float>
data::MatrixDataset<T> load_npy_dataset(const std::string& path) {
  return data::MatrixDataset<T>(load_npy<T>(path));
}

/// Writes a d × N matrix as an (N, d) .npy array, atomically: the file appears whole or not at
/// all, and a failed write (disk full) throws and leaves the previous file in place.
template <class Derived>
void save_npy(const std::string& path, const Eigen::MatrixBase<Derived>& m) {
  using T = typename Derived::Scalar;
  static_assert(NpyScalar<T>, "save_npy writes float or double matrices; cast the matrix first (m.cast<float>())");
  const auto write = [&](const HostMatrix<T>& dense) {  // contiguous and column-major
    write_atomically(path, [&](const std::string& tmp) {
      detail::write_npy_file<T>(tmp, dense.data(), static_cast<std::uint64_t>(dense.cols()),
                                static_cast<std::uint64_t>(dense.rows()), 2);
    });
  };
  if constexpr (std::is_same_v<Derived, HostMatrix<T>>)
    write(m.derived());
  else
    write(HostMatrix<T>(m));
}

}  // namespace gantk::io
