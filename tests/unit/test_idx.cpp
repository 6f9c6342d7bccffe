// The IDX reader (MNIST's format) and gzip: round trips, and every malformed input named.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <gantk/io/idx.hpp>

#include "idx_bytes.hpp"

namespace idx_reader {

using namespace gantk;
using Bytes = std::vector<unsigned char>;

io::IdxArray parse(const Bytes& b) { return io::parse_idx(b.data(), b.size(), "test.idx"); }

std::string temp_file(const std::string& name, const Bytes& content) {
  const auto path = (std::filesystem::temp_directory_path() / (name + std::to_string(::getpid()))).string();
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(content.data()),
                                              static_cast<std::streamsize>(content.size()));
  return path;
}

TEST_CASE("IDX: unsigned-byte arrays of 1 to 3 dimensions read back, plain and gzip-compressed") {
  const Bytes images = test::idx_bytes({5, 3, 4}), labels = test::idx_bytes({7});
  const auto a = parse(images);
  CHECK(a.dims == std::vector<std::uint32_t>{5, 3, 4});
  CHECK(a.entry_size() == 12);
  REQUIRE(a.values.size() == 60);
  CHECK(a.values[0] == 0);
  CHECK(a.values[59] == 59);
  CHECK(parse(labels).dims == std::vector<std::uint32_t>{7});
  CHECK(parse(labels).entry_size() == 1);

  const auto plain = temp_file("gantk_idx_plain", images), packed = temp_file("gantk_idx_gz", test::gzip_bytes(images));
  CHECK(io::read_idx(plain).values == a.values);
  const auto unpacked = io::read_idx(packed);
  CHECK(unpacked.dims == a.dims);
  CHECK(unpacked.values == a.values);
  // two gzip members one after the other read as their concatenation (gzip -d does the same)
  Bytes twice = test::gzip_bytes(Bytes(images.begin(), images.begin() + 20));
  const Bytes rest = test::gzip_bytes(Bytes(images.begin() + 20, images.end()));
  twice.insert(twice.end(), rest.begin(), rest.end());
  CHECK(io::gunzip(twice.data(), twice.size(), "two members") == images);
  std::filesystem::remove(plain);
  std::filesystem::remove(packed);
}

TEST_CASE("IDX: a malformed array is a gantk::Error that names the file and the fault") {
  const Bytes good = test::idx_bytes({2, 3});
  const auto fails = [](Bytes b, const char* message) {
    CAPTURE(message);
    CHECK_THROWS_WITH_AS(parse(b), doctest::Contains(message), gantk::Error);
  };
  fails(Bytes{0, 0, 8}, "3 bytes, shorter than the 4-byte magic number");
  Bytes magic = good;
  magic[1] = 3;
  fails(magic, "the magic number starts with 0, 3 instead of 0, 0");
  Bytes floats = good;
  floats[2] = 0x0D;
  fails(floats, "IDX values of type 0x0D (float) are not supported");
  Bytes rank0 = good;
  rank0[3] = 0;
  fails(rank0, "with 0 dimensions");
  fails(Bytes(good.begin(), good.begin() + 9), "the IDX header is truncated: 9 bytes, 12 needed for 2 dimensions");
  fails(test::idx_bytes({0, 3}), "dimension 0 of the IDX array has size 0");
  fails(Bytes(good.begin(), good.end() - 1), "call for 6 values but 5 bytes follow the header");
  Bytes longer = good;
  longer.push_back(1);
  fails(longer, "call for 6 values but 7 bytes follow the header");
  // sizes whose product overflows 64 bits are refused before they are multiplied
  Bytes huge = {0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2};
  fails(huge, "call for more values but 2 bytes follow the header");
}

TEST_CASE("gzip: corrupt, truncated and trailing data are errors, never a short read") {
  const Bytes plain = test::idx_bytes({40, 30});
  const Bytes gz = test::gzip_bytes(plain);
  const auto fails = [](const Bytes& b, const char* message) {
    CAPTURE(message);
    CHECK_THROWS_WITH_AS(io::gunzip(b.data(), b.size(), "data.gz"), doctest::Contains(message), gantk::Error);
  };
  fails(plain, "data.gz: not gzip data");
  fails(Bytes(gz.begin(), gz.begin() + static_cast<long>(gz.size() / 2)), "truncated");
  fails(Bytes(gz.begin(), gz.end() - 4), "truncated");  // the length field cut off
  Bytes flipped = gz;
  flipped[flipped.size() - 6] ^= 0x40;  // the CRC-32 of the content
  fails(flipped, "corrupt gzip data");
  Bytes trailing = gz;
  trailing.push_back('x');
  trailing.push_back('y');
  fails(trailing, "2 bytes after the end of the gzip data are not gzip");
  CHECK_THROWS_WITH_AS(io::gunzip(gz.data(), gz.size(), "data.gz", 1000), doctest::Contains("more than 1000 bytes"),
                       gantk::Error);
  CHECK(io::gunzip(gz.data(), gz.size(), "data.gz") == plain);
}

TEST_CASE("IDX files: a missing file, a folder and a corrupt .gz name the path") {
  CHECK_THROWS_WITH_AS(io::read_idx("/nonexistent/train-images-idx3-ubyte.gz"),
                       doctest::Contains("cannot read IDX file /nonexistent/train-images-idx3-ubyte.gz: no such file"),
                       gantk::Error);
  const auto dir = std::filesystem::temp_directory_path().string();
  CHECK_THROWS_WITH_AS(io::read_idx(dir), doctest::Contains("not a regular file"), gantk::Error);
  Bytes bad = test::gzip_bytes(test::idx_bytes({3, 3}));
  bad.resize(bad.size() - 10);
  const auto path = temp_file("gantk_idx_bad", bad);
  const std::string expected = path + ": the gzip data is truncated";
  CHECK_THROWS_WITH_AS(io::read_idx(path), doctest::Contains(expected.c_str()), gantk::Error);
  std::filesystem::remove(path);
}

}  // namespace idx_reader
