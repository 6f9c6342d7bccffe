// Atomic file writes: write beside the target, then rename over it, so that a reader (or a crash)
// never sees half a file.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include <gantk/core/error.hpp>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

namespace gantk::io {

namespace detail {
inline std::string temporary_sibling(const std::string& path) {
  static std::atomic<unsigned> counter{0};
#if defined(__unix__) || defined(__APPLE__)
  const long pid = static_cast<long>(::getpid());
#else
  const long pid = 0;
#endif
  return gantk::detail::concat(path, ".tmp.", pid, ".", counter++);
}
}  // namespace detail

/// Calls write(tmp) to produce the file under a temporary name in the same folder, then renames
/// it onto `path`. On any failure the temporary is removed and gantk::Error names the path.
template <class Writer>
void write_atomically(const std::string& path, Writer&& write) {
  const std::filesystem::path target(path);
  const auto folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  GANTK_CHECK(std::filesystem::is_directory(folder), "cannot write ", path, ": folder ", folder.string(),
              " does not exist");
  const std::string tmp = detail::temporary_sibling(path);
  try {
    write(tmp);
  } catch (const std::exception& e) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    gantk::detail::fail("cannot write ", path, ": ", e.what());
  }
  std::error_code ec;
  GANTK_CHECK(std::filesystem::exists(tmp, ec), "cannot write ", path, ": nothing was written");
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(tmp, ec);
    gantk::detail::fail("cannot write ", path, ": rename failed (", why, ")");
  }
}

/// Writes text to `path` atomically.
inline void write_text_atomically(const std::string& path, const std::string& text) {
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    GANTK_CHECK(static_cast<bool>(out), "cannot open ", tmp, " for writing");
    out << text;
    out.flush();
    GANTK_CHECK(static_cast<bool>(out), "write to ", tmp, " failed");
  });
}

}  // namespace gantk::io
