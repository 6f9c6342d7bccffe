// The IDX reader's fuzz target (io/idx.hpp, with io/gzip.hpp for .gz files). Seeds: image- and
// label-shaped arrays, plain and gzip-compressed. A loaded input must have exactly the values its
// dimensions call for, and a file must read as the same bytes in memory do.
#pragma once

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gantk/io/idx.hpp>

#include "../unit/idx_bytes.hpp"
#include "fuzz_target.hpp"

namespace gantk::fuzz {

namespace detail {
inline io::IdxArray idx_from_memory(std::string_view input, const std::string& source) {
  const auto* p = reinterpret_cast<const unsigned char*>(input.data());
  if (io::is_gzip(p, input.size())) {
    const auto plain = io::gunzip(p, input.size(), source, std::size_t(1) << 26);
    return io::parse_idx(plain.data(), plain.size(), source);
  }
  return io::parse_idx(p, input.size(), source);
}

inline void check_idx_loaded(const io::IdxArray& a) {
  require(!a.dims.empty() && a.dims.size() <= 8, "rank outside 1..8");
  std::size_t count = 1;
  for (const auto d : a.dims) {
    require(d > 0, "a zero dimension was accepted");
    count *= d;
  }
  require(count == a.values.size(), "values != product of the dimensions");
  require(a.entry_size() * a.dims[0] == a.values.size(), "entry_size() * dims[0] != values");
}
}  // namespace detail

inline void check_idx(std::string_view input) { detail::check_idx_loaded(detail::idx_from_memory(input, "<fuzz>")); }

/// Through a real file: read_idx gives what the same bytes give in memory (values, or the message).
inline void check_idx_file(const std::string& path, std::string_view input) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(input.data(), static_cast<std::streamsize>(input.size()));
    require(static_cast<bool>(out), "cannot write the fuzz input file");
  }
  std::string memory_error, file_error;
  io::IdxArray from_memory, from_file;
  try {
    from_memory = detail::idx_from_memory(input, path);
  } catch (const Error& e) {
    memory_error = e.what();
  }
  try {
    from_file = io::read_idx(path);
  } catch (const Error& e) {
    file_error = e.what();
  }
  require(memory_error == file_error, "a file and the same bytes in memory give different errors");
  if (!file_error.empty()) throw Error(file_error);
  detail::check_idx_loaded(from_file);
  require(from_file.dims == from_memory.dims && from_file.values == from_memory.values,
          "a file and the same bytes in memory load different arrays");
}

inline FuzzTarget idx_fuzz_target() {
  FuzzTarget t{"idx", {}, &check_idx, &check_idx_file};
  const auto add = [&t](const std::vector<unsigned char>& b) { t.seeds.emplace_back(b.begin(), b.end()); };
  for (const auto& dims : std::vector<std::vector<std::uint32_t>>{{4, 3, 5}, {9}, {2, 2, 2, 2}, {1, 28, 3}}) {
    const auto plain = test::idx_bytes(dims);
    add(plain);
    add(test::gzip_bytes(plain));
  }
  return t;
}

}  // namespace gantk::fuzz
