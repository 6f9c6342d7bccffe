// The .npy reader and writer: valid files of every accepted kind load with the right values, and
// each hand-made bad input of issue 14 gives one gantk::Error naming the file and the problem.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <bit>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include <gantk/io/npy.hpp>

using namespace gantk;

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("gantk_test_npy_" + name)).string();
}

/// A .npy file's bytes: magic, version, little-endian header length, `dict` padded with spaces
/// to `dict_bytes` (0: to a multiple of 64 in all) and a newline, then `data`.
std::string npy(std::string dict, const std::string& data, int version = 1, std::size_t dict_bytes = 0) {
  const std::size_t prelude = version == 1 ? 10 : 12;
  if (dict_bytes == 0) dict_bytes = dict.size() + 1 + (64 - (prelude + dict.size() + 1) % 64) % 64;
  REQUIRE(dict_bytes >= dict.size() + 1);
  dict.append(dict_bytes - dict.size() - 1, ' ');
  dict += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(version);
  out += '\0';
  for (std::size_t i = 0; i < prelude - 8; ++i) out += static_cast<char>((dict.size() >> (8 * i)) & 0xff);
  return out + dict + data;
}

/// The bytes of `values`, little-endian, or big-endian when `big`.
template <class W>
std::string bytes_of(const std::vector<W>& values, bool big = false) {
  std::string out;
  for (W v : values) {
    char b[sizeof(W)];
    std::memcpy(b, &v, sizeof(W));
    if (big != (std::endian::native == std::endian::big)) std::reverse(b, b + sizeof(W));
    out.append(b, sizeof(W));
  }
  return out;
}

std::string dict(const std::string& descr, const std::string& shape, const std::string& order = "False") {
  return "{'descr': '" + descr + "', 'fortran_order': " + order + ", 'shape': " + shape + ", }";
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Loads `bytes` through a real file and returns the message of the error it must raise.
std::string load_error(const std::string& bytes, const std::string& name = "bad.npy") {
  const std::string path = temp_path(name);
  write_file(path, bytes);
  std::string message;
  try {
    (void)io::load_npy<float>(path);
  } catch (const Error& e) {
    message = e.what();
  }
  std::filesystem::remove(path);
  CHECK_MESSAGE(!message.empty(), "no error for ", name);
  // one message naming the file once: no text repeated from a nested error
  CHECK(message.find(path) != std::string::npos);
  CHECK(message.find(path, message.find(path) + 1) == std::string::npos);
  CHECK(message.find("load_npy", 1) == std::string::npos);
  return message;
}

/// The 3 × 2 array [[0, 1], [2, 3], [4, 5]] (3 samples of width 2) as gantk holds it: 2 × 3.
HostMatrix<double> three_by_two() {
  HostMatrix<double> m(2, 3);
  m << 0, 2, 4, 1, 3, 5;
  return m;
}

}  // namespace

TEST_CASE("npy: float and double round trips keep values, NumPy's (N, d) header and 64-byte alignment") {
  HostMatrix<float> f(3, 4);
  for (Index i = 0; i < f.size(); ++i) f.data()[i] = static_cast<float>(i) * 0.37f - 1.0f;
  const std::string path = temp_path("roundtrip_f4.npy");
  io::save_npy(path, f);
  std::ifstream raw(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(raw)), std::istreambuf_iterator<char>());
  const std::string expected_dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 3), }";
  REQUIRE(bytes.size() == 128 + 12 * 4);  // header padded to a multiple of 64 bytes, then the data
  CHECK(bytes.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));
  CHECK(static_cast<unsigned char>(bytes[8]) == 118);  // 128 - 10
  CHECK(bytes.substr(10, expected_dict.size()) == expected_dict);
  CHECK(bytes[127] == '\n');
  CHECK(io::load_npy<float>(path) == f);
  CHECK(io::load_npy<double>(path) == f.cast<double>());

  HostMatrix<double> d = HostMatrix<double>::Random(5, 7);
  io::save_npy(path, d);
  CHECK(io::load_npy<double>(path) == d);
  CHECK(io::load_npy<float>(path) == d.cast<float>());
  // an expression is evaluated first
  io::save_npy(path, d.transpose() * 2.0);
  CHECK(io::load_npy<double>(path) == d.transpose() * 2.0);
  const auto a = io::read_npy_file<double>(path);
  CHECK(a.header.rows == 5);
  CHECK(a.header.cols == 7);
  std::filesystem::remove(path);
}

TEST_CASE("npy: versions 2 and 3, big-endian data and dictionary keys in any order load") {
  const HostMatrix<double> want = three_by_two();
  const std::string f8 = bytes_of<double>({0, 1, 2, 3, 4, 5});
  CHECK(io::read_npy_bytes<double>(npy(dict("<f8", "(3, 2)"), f8, 2)).values == want);
  CHECK(io::read_npy_bytes<double>(npy(dict("<f8", "(3, 2)"), f8, 3)).values == want);
  CHECK(io::read_npy_bytes<double>(npy(dict(">f8", "(3, 2)"), bytes_of<double>({0, 1, 2, 3, 4, 5}, true))).values ==
        want);
  CHECK(io::read_npy_bytes<float>(npy(dict(">f4", "(3, 2)"), bytes_of<float>({0, 1, 2, 3, 4, 5}, true))).values ==
        want.cast<float>());
  const std::string reordered = "{'shape': (3, 2), 'fortran_order': False, 'descr': '<f8'}";
  CHECK(io::read_npy_bytes<double>(npy(reordered, f8)).values == want);
  // double quotes, no trailing comma, no padding to 64
  CHECK(io::read_npy_bytes<double>(npy("{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (3,2)}", f8, 1,
                                       60))
            .values == want);
  // a 1-d array is N × 1; an empty one loads as an empty matrix
  const auto one_d = io::read_npy_bytes<float>(npy(dict("<f4", "(4,)"), bytes_of<float>({1, 2, 3, 4}))).values;
  CHECK(one_d.rows() == 1);
  CHECK(one_d.cols() == 4);
  CHECK(one_d(0, 3) == 4.0f);
  CHECK(io::read_npy_bytes<float>(npy(dict("<f4", "(0, 3)"), "")).values.size() == 0);
}

TEST_CASE("npy: fortran_order True (NumPy's transposed arrays) is read in the right order, not transposed") {
  // the (3, 2) array [[0, 1], [2, 3], [4, 5]] stored column by column: 0 2 4 1 3 5
  const auto m = io::read_npy_bytes<double>(npy(dict("<f8", "(3, 2)", "True"), bytes_of<double>({0, 2, 4, 1, 3, 5})));
  CHECK(m.values == three_by_two());
  CHECK(m.header.fortran_order);
  // a wider one, big-endian float32: element (i, j) = 10 i + j, shape (4, 3)
  std::vector<float> column_major;
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 4; ++i) column_major.push_back(static_cast<float>(10 * i + j));
  const auto w = io::read_npy_bytes<float>(npy(dict(">f4", "(4, 3)", "True"), bytes_of(column_major, true))).values;
  REQUIRE(w.rows() == 3);
  REQUIRE(w.cols() == 4);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 3; ++j) CHECK(w(j, i) == static_cast<float>(10 * i + j));
}

TEST_CASE("npy: a header length byte >= 0x80 is unsigned; valid 134- and 182-byte headers load") {
  const std::string f8 = bytes_of<double>({0, 1, 2, 3, 4, 5});
  for (std::size_t length : {134u, 182u, 255u, 300u}) {
    const std::string file = npy(dict("<f8", "(3, 2)"), f8, 1, length);
    REQUIRE(static_cast<unsigned char>(file[8]) == (length & 0xff));
    CHECK(io::read_npy_bytes<double>(file).values == three_by_two());
  }
  // a length field of 0xffff in a 100-byte file is refused without a 64 KiB read
  std::string lying = npy(dict("<f8", "(3, 2)"), f8);
  lying[8] = '\xff', lying[9] = '\xff';
  CHECK(load_error(lying).find("shorter than its 65545-byte header") != std::string::npos);
  // version 2's 4-byte length: 0x80000000 is far over the limit, not negative
  std::string huge = npy(dict("<f8", "(3, 2)"), f8, 2);
  huge[11] = '\x80';
  CHECK(load_error(huge).find("claims 2147483764 bytes of dictionary; at most 65536") != std::string::npos);
}

TEST_CASE("npy: shapes that overflow, are not integers or have another rank are refused") {
  const std::string data = bytes_of<float>({0, 1, 2, 3});
  CHECK(load_error(npy(dict("<f4", "(9223372036854775808, 2)"), data)).find("'9223372036854775808' is too large") !=
        std::string::npos);
  CHECK(load_error(npy(dict("<f4", "(18446744073709551617, 2)"), data)).find("too large") != std::string::npos);
  // each dimension fits, their product does not
  CHECK(load_error(npy(dict("<f8", "(4611686018427387904, 4)"), data)).find("more elements than memory can hold") !=
        std::string::npos);
  CHECK(load_error(npy(dict("<f8", "(3074457345618258603, 3)"), data)).find("more elements") != std::string::npos);
  CHECK(load_error(npy(dict("<f4", "(abc, 2)"), data)).find("non-negative integers, found 'a'") != std::string::npos);
  CHECK(load_error(npy(dict("<f4", "(2.5, 2)"), data)).find("non-negative integers, found '2.'") != std::string::npos);
  CHECK(load_error(npy(dict("<f4", "(-2, 2)"), data)).find("negative dimension") != std::string::npos);
  CHECK(load_error(npy(dict("<f4", "(1, 2, 2)"), data)).find("more than 2 dimensions") != std::string::npos);
  CHECK(load_error(npy(dict("<f4", "()"), data)).find("0-d array") != std::string::npos);
  CHECK(load_error(npy(dict("<f4", "(4)"), data)).find("not a tuple") != std::string::npos);
  CHECK(load_error(npy(dict("<f4", "[2, 2]"), data)).find("must be a tuple") != std::string::npos);
  CHECK(load_error(npy(dict("<f4", "(2 2)"), data)).find("expected ',' or ')'") != std::string::npos);
}

TEST_CASE("npy: dtypes other than float32/float64 and a 60,000-digit dtype give a short message") {
  const std::string data = bytes_of<float>({0, 1, 2, 3});
  CHECK(load_error(npy(dict("<i4", "(2, 2)"), data)).find("dtype '<i4' is not supported") != std::string::npos);
  CHECK(load_error(npy(dict("|f4", "(2, 2)"), data)).find("dtype '|f4'") != std::string::npos);
  const std::string message = load_error(npy(dict(std::string(60000, '7'), "(2, 2)"), data));
  CHECK(message.find("(60000 characters)") != std::string::npos);
  CHECK(message.size() < 400);
}

TEST_CASE("npy: the data must be exactly what the header's shape needs, checked before allocating") {
  // 1,000 rows promised, 100 present
  std::vector<double> hundred(100 * 2, 1.0);
  CHECK(load_error(npy(dict("<f8", "(1000, 2)"), bytes_of(hundred)))
            .find("needs 16000 bytes of data but the file holds 1600") != std::string::npos);
  // a 128-byte file claiming 2 × 10^8 rows: refused at once (a 1.6 GB allocation would be slow)
  std::string small = npy(dict("<f8", "(200000000, 1)"), "");  // all header
  REQUIRE(small.size() == 128);
  const auto start = std::chrono::steady_clock::now();
  CHECK(load_error(small).find("needs 1600000000 bytes") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  // bytes after the data
  CHECK(load_error(npy(dict("<f8", "(3, 2)"), bytes_of<double>({0, 1, 2, 3, 4, 5, 6})))
            .find("8 bytes after the 48 bytes") != std::string::npos);
}

TEST_CASE("npy: bad magic, versions and dictionaries are named") {
  const std::string f8 = bytes_of<double>({0, 1, 2, 3, 4, 5});
  CHECK(load_error("").find("not a .npy file") != std::string::npos);
  CHECK(load_error("not an npy file at all").find("not a .npy file") != std::string::npos);
  std::string v4 = npy(dict("<f8", "(3, 2)"), f8);
  v4[6] = 4;
  CHECK(load_error(v4).find("version 4.0 is not supported") != std::string::npos);
  std::string v1_1 = npy(dict("<f8", "(3, 2)"), f8);
  v1_1[7] = 1;
  CHECK(load_error(v1_1).find("version 1.1") != std::string::npos);
  CHECK(load_error(npy(dict("<f8", "(3, 2)"), f8).substr(0, 11)).find("shorter than its") != std::string::npos);
  CHECK(load_error(npy("{'descr': '<f8', 'shape': (3, 2), }", f8)).find("'fortran_order' is missing") !=
        std::string::npos);
  CHECK(load_error(npy("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (3, 2)}", f8))
            .find("'descr' appears twice") != std::string::npos);
  CHECK(load_error(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), 'x': 1}", f8))
            .find("unknown key 'x'") != std::string::npos);
  CHECK(load_error(npy(dict("<f8", "(3, 2)", "1"), f8)).find("True or False") != std::string::npos);
  CHECK(load_error(npy(dict("<f8", "(3, 2)") + " junk", f8)).find("after the dictionary") != std::string::npos);
  CHECK(load_error(npy("{'descr': '<f8", f8)).find("no closing quote") != std::string::npos);
  CHECK(load_error(npy("['descr']", f8)).find("does not start with '{'") != std::string::npos);
}

TEST_CASE("npy: missing files, folders and FIFOs are refused before opening, without blocking") {
  CHECK_THROWS_WITH_AS(io::load_npy<float>("/nonexistent/x.npy"), "load_npy: /nonexistent/x.npy: no such file", Error);
  const std::string folder = temp_path("folder");
  std::filesystem::create_directories(folder);
  CHECK_THROWS_WITH_AS(io::load_npy<float>(folder), doctest::Contains("is a folder"), Error);
  std::filesystem::remove(folder);

  const std::string fifo = temp_path("fifo");
  std::filesystem::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto attempt = std::async(std::launch::async, [&] {
    try {
      (void)io::load_npy<float>(fifo);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  });
  if (attempt.wait_for(std::chrono::seconds(10)) == std::future_status::timeout) {
    FAIL_CHECK("load_npy blocked on a FIFO");
    std::ofstream(fifo) << "x";  // opening the other end releases the reader
  }
  CHECK(attempt.get().find("not a regular file") != std::string::npos);
  std::filesystem::remove(fifo);
}

TEST_CASE("npy: write errors are detected and the previous file is kept") {
  if (std::filesystem::exists("/dev/full")) {  // every write to it fails with ENOSPC
    const HostMatrix<float> m = HostMatrix<float>::Ones(4, 4);
    CHECK_THROWS_WITH_AS(io::detail::write_npy_file<float>("/dev/full", m.data(), 4, 4, 2),
                         doctest::Contains("writing /dev/full failed"), Error);
  }
  const std::string path = temp_path("kept.npy");
  const HostMatrix<float> good = HostMatrix<float>::Constant(2, 3, 7.0f);
  io::save_npy(path, good);
  // the folder of a path under a plain file cannot be written: nothing changes, nothing is left
  CHECK_THROWS_WITH_AS(io::save_npy(path + "/x.npy", good), doctest::Contains("does not exist"), Error);
  CHECK(io::load_npy<float>(path) == good);
  std::filesystem::remove(path);
}

TEST_CASE("npy: load_npy_dataset checks values as MatrixDataset does") {
  const std::string path = temp_path("dataset.npy");
  write_file(path, npy(dict("<f8", "(3, 2)"), bytes_of<double>({0, 1, 2, 3, 4, 5})));
  const auto ds = io::load_npy_dataset<float>(path);
  CHECK(ds.width() == 2);
  CHECK(ds.size() == 3);
  write_file(path, npy(dict("<f8", "(3, 2)"), bytes_of<double>({0, 1, 2, NAN, 4, 5})));
  CHECK_THROWS_WITH_AS(io::load_npy_dataset<float>(path), doctest::Contains("sample 1"), Error);
  std::filesystem::remove(path);
}
