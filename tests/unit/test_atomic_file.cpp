// write_atomically keeps its promise: the target is either the old file or the whole new one,
// and no temporary survives a failure (unwritable folder, throwing writer, full disk, folder).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include <gantk/io/atomic_file.hpp>

namespace fs = std::filesystem;
using gantk::io::write_atomically;
using gantk::io::write_text_atomically;

namespace {
struct TempFolder {
  fs::path path = fs::temp_directory_path() / ("gantk_atomic_" + std::to_string(::getpid()));
  TempFolder() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempFolder() { fs::remove_all(path); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    return out;
  }
};
std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
}  // namespace

TEST_CASE("write_atomically: replaces the file whole and leaves no temporary") {
  TempFolder dir;
  const auto target = (dir.path / "a.txt").string();
  write_text_atomically(target, "first");
  write_text_atomically(target, "second, longer");
  CHECK(read(target) == "second, longer");
  CHECK(dir.names() == std::vector<std::string>{"a.txt"});
}

TEST_CASE("write_atomically: a writer that throws leaves the old file and no temporary") {
  TempFolder dir;
  const auto target = (dir.path / "a.txt").string();
  write_text_atomically(target, "good");
  CHECK_THROWS_WITH_AS(write_atomically(target,
                                        [](const std::string& tmp) {
                                          std::ofstream(tmp) << "half";
                                          throw std::runtime_error("writer gave up");
                                        }),
                       doctest::Contains((target + ": writer gave up").c_str()), gantk::Error);
  CHECK(read(target) == "good");
  CHECK(dir.names() == std::vector<std::string>{"a.txt"});
}

TEST_CASE("write_atomically: a full disk part-way is an error, not a truncated file") {
  TempFolder dir;
  const auto target = (dir.path / "a.bin").string();
  write_text_atomically(target, "good");
  // /dev/full fails every write with ENOSPC: the same checked write the temporary goes through
  const std::vector<char> payload(1 << 16, 'x');
  CHECK_THROWS_WITH_AS(gantk::io::detail::write_bytes_to("/dev/full", payload.data(), payload.size(), false),
                       doctest::Contains("/dev/full: write failed after 0 of 65536 bytes"), gantk::Error);
  CHECK_THROWS_WITH_AS(write_atomically(target,
                                        [&](const std::string& tmp) {
                                          gantk::io::detail::write_bytes_to(tmp, payload.data(), 100);
                                          gantk::io::detail::write_bytes_to("/dev/full", payload.data(),
                                                                            payload.size(), false);
                                        }),
                       doctest::Contains(("cannot write " + target).c_str()), gantk::Error);
  CHECK(read(target) == "good");
  CHECK(dir.names() == std::vector<std::string>{"a.bin"});
}

TEST_CASE("write_atomically: an unwritable folder, a missing folder, a folder as target") {
  // /proc refuses new files even to root (chmod would not stop root)
  CHECK_THROWS_WITH_AS(write_text_atomically("/proc/gantk_test.txt", "x"),
                       doctest::Contains("cannot write /proc/gantk_test.txt"), gantk::Error);
  TempFolder dir;
  const auto missing = (dir.path / "no" / "a.txt").string();
  CHECK_THROWS_WITH_AS(write_text_atomically(missing, "x"), doctest::Contains("does not exist"), gantk::Error);
  fs::create_directory(dir.path / "sub");
  CHECK_THROWS_WITH_AS(write_text_atomically((dir.path / "sub").string(), "x"), doctest::Contains("it is a folder"),
                       gantk::Error);
  CHECK(fs::is_directory(dir.path / "sub"));
  CHECK(dir.names() == std::vector<std::string>{"sub"});
  CHECK_THROWS_WITH_AS(write_text_atomically("", "x"), doctest::Contains("empty path"), gantk::Error);
}
