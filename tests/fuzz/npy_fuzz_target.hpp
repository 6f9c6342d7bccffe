// The .npy reader's fuzz target: seeds of every accepted kind, and a check that a loaded input is
// consistent (its size is what its header and its bytes say, float and double reads agree, and a
// file read gives what a memory read gives).
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <gantk/io/npy.hpp>

#include "fuzz_target.hpp"

namespace gantk::fuzz {

namespace detail {

inline std::string npy_seed(std::string dict, int version, const std::string& data) {
  const std::size_t prelude = version == 1 ? 10 : 12;
  dict.append((64 - (prelude + dict.size() + 1) % 64) % 64, ' ');
  dict += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(version);
  out += '\0';
  for (std::size_t i = 0; i < prelude - 8; ++i) out += static_cast<char>((dict.size() >> (8 * i)) & 0xff);
  return out + dict + data;
}

inline std::string npy_values(std::size_t count, int word, bool big) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    char b[8];
    if (word == 4) {
      const float v = static_cast<float>(i) * 0.25f - 1.0f;
      std::memcpy(b, &v, 4);
    } else {
      const double v = static_cast<double>(i) * 0.25 - 1.0;
      std::memcpy(b, &v, 8);
    }
    if (big != (std::endian::native == std::endian::big)) std::reverse(b, b + word);
    out.append(b, static_cast<std::size_t>(word));
  }
  return out;
}

template <class T>
void check_loaded(const io::NpyArray<T>& a, std::string_view input) {
  const io::NpyHeader& h = a.header;
  require(h.data_offset + h.data_bytes == input.size(), "header + data != input size");
  require(h.data_bytes == h.rows * h.cols * static_cast<std::uint64_t>(h.word), "data_bytes != rows * cols * word");
  require(a.values.rows() == static_cast<Index>(h.cols) && a.values.cols() == static_cast<Index>(h.rows),
          "matrix shape != header shape");
  require(h.rank == 2 || h.cols == 1, "1-d array with more than one column");
  require(h.word == 4 || h.word == 8, "word size not 4 or 8");
}

inline bool same_values(const HostMatrix<float>& f, const HostMatrix<double>& d) {
  if (f.rows() != d.rows() || f.cols() != d.cols()) return false;
  for (Index i = 0; i < f.size(); ++i) {
    const float g = static_cast<float>(d.data()[i]);
    if (!(f.data()[i] == g || (std::isnan(f.data()[i]) && std::isnan(g)))) return false;
  }
  return true;
}

}  // namespace detail

inline void check_npy(std::string_view input) {
  const auto f = io::read_npy_bytes<float>(input, "<fuzz>");  // gantk::Error: rejected
  detail::check_loaded(f, input);
  const auto d = io::read_npy_bytes<double>(input, "<fuzz>");
  detail::check_loaded(d, input);
  require(detail::same_values(f.values, d.values), "float and double reads disagree");
}

/// Through a real file: the same outcome as in memory (values, or the same message).
inline void check_npy_file(const std::string& path, std::string_view input) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(input.data(), static_cast<std::streamsize>(input.size()));
    require(static_cast<bool>(out), "cannot write the fuzz input file");
  }
  std::string memory_error, file_error;
  io::NpyArray<float> from_memory, from_file;
  try {
    from_memory = io::read_npy_bytes<float>(input, path);
  } catch (const Error& e) {
    memory_error = e.what();
  }
  try {
    from_file = io::read_npy_file<float>(path);
  } catch (const Error& e) {
    file_error = e.what();
  }
  require(memory_error == file_error, "a file and the same bytes in memory give different errors");
  if (!file_error.empty()) throw Error(file_error);
  detail::check_loaded(from_file, input);
  require(from_file.values.size() == from_memory.values.size() &&
              (from_file.values.size() == 0 ||
               std::memcmp(from_file.values.data(), from_memory.values.data(),
                          static_cast<std::size_t>(from_file.values.size()) * sizeof(float)) == 0),
          "a file and the same bytes in memory load different values");
}

inline FuzzTarget npy_fuzz_target() {
  using detail::npy_seed, detail::npy_values;
  FuzzTarget t{"npy", {}, &check_npy, &check_npy_file};
  const auto dict = [](const char* descr, const char* order, const char* shape) {
    return std::string("{'descr': '") + descr + "', 'fortran_order': " + order + ", 'shape': " + shape + ", }";
  };
  t.seeds = {
      npy_seed(dict("<f4", "False", "(3, 2)"), 1, npy_values(6, 4, false)),
      npy_seed(dict("<f8", "False", "(4,)"), 1, npy_values(4, 8, false)),
      npy_seed(dict(">f8", "False", "(2, 3)"), 1, npy_values(6, 8, true)),
      npy_seed(dict(">f4", "True", "(3, 2)"), 1, npy_values(6, 4, true)),
      npy_seed(dict("<f8", "True", "(2, 5)"), 2, npy_values(10, 8, false)),
      npy_seed(dict("<f4", "False", "(1, 7)"), 3, npy_values(7, 4, false)),
      npy_seed("{'shape': (5, 1), 'descr': '<f4', 'fortran_order': False}", 1, npy_values(5, 4, false)),
      npy_seed(dict("<f8", "False", "(0, 3)"), 1, ""),
      npy_seed("{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2,2)}", 2, npy_values(4, 8, false)),
  };
  return t;
}

}  // namespace gantk::fuzz
