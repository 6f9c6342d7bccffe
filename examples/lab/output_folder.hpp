// Checks, before any training, that the output folder exists (or can be made) and is writable.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

#include <gantk/io/atomic_file.hpp>

namespace lab {

/// Creates `folder` if needed and writes and removes a probe file in it (and in runs/).
/// Returns why that failed, or nothing.
inline std::optional<std::string> prepare_output_folder(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  const std::string name = "'" + folder.string() + "'";
  std::error_code ec;
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec)) return "output folder " + name + " is a file";
  for (const auto& dir : {folder, folder / "runs"}) {
    fs::create_directories(dir, ec);
    if (ec) return "cannot create output folder '" + dir.string() + "': " + ec.message();
    const fs::path probe = dir / ".gantk-lab-write-test";
    try {
      gantk::io::write_text_atomically(probe.string(), "probe\n");
    } catch (const std::exception& e) {
      return "cannot write to output folder '" + dir.string() + "': " + e.what();
    }
    fs::remove(probe, ec);
  }
  return std::nullopt;
}

}  // namespace lab
