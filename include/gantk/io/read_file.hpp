// read_whole_file: a regular file's bytes, with errors that name the file and what went wrong.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include <gantk/foundation/error.hpp>

namespace gantk::io {

/// The bytes of the regular file at `path`; `what` names the operation in errors ("cannot
/// <what> <path>: ..."). @throws gantk::Error when the file is missing, not a regular file (a
/// FIFO or a device could block or never end), or cannot be read whole.
inline std::vector<unsigned char> read_whole_file(const std::string& path, const char* what) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  GANTK_CHECK(!ec && std::filesystem::exists(status), "cannot ", what, " ", path, ": no such file");
  GANTK_CHECK(std::filesystem::is_regular_file(status), "cannot ", what, " ", path, ": not a regular file");
  std::ifstream in(path, std::ios::binary);
  GANTK_CHECK(static_cast<bool>(in), "cannot ", what, " ", path, ": cannot open it");
  std::vector<unsigned char> bytes(static_cast<std::size_t>(std::filesystem::file_size(path, ec)));
  GANTK_CHECK(!ec, "cannot ", what, " ", path, ": ", ec.message());
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  GANTK_CHECK(in.gcount() == static_cast<std::streamsize>(bytes.size()), "cannot ", what, " ", path, ": read ",
              in.gcount(), " of ", bytes.size(), " bytes");
  return bytes;
}

}  // namespace gantk::io
