// .npy files as xtensor arrays (io/npy_xtensor.hpp, outside the umbrella header): shapes and
// values survive a round trip, and 1-d arrays stay 1-d.
#include <doctest/doctest.h>

#include <filesystem>

#include <xtensor/xarray.hpp>
#include <xtensor/xbuilder.hpp>

#include <gantk/io/npy_xtensor.hpp>

using namespace gantk;

TEST_CASE("npy_xtensor: xarrays of rank 1 and 2 round-trip, and match the matrix view") {
  const std::string path = (std::filesystem::temp_directory_path() / "gantk_test_npy_xtensor.npy").string();
  xt::xarray<double> a = {{1.5, 2.5, 3.5}, {4.5, 5.5, 6.5}};  // 2 samples of width 3
  io::save_npy(path, a);
  const auto back = io::load_npy_xarray<double>(path);
  REQUIRE(back.dimension() == 2);
  CHECK(back.shape()[0] == 2);
  CHECK(back.shape()[1] == 3);
  CHECK(back == a);
  const HostMatrix<double> m = io::load_npy<double>(path);  // one sample per column
  CHECK(m.rows() == 3);
  CHECK(m(2, 1) == 6.5);

  io::save_npy(path, xt::arange<float>(5.0f));
  const auto v = io::load_npy_xarray<float>(path);
  REQUIRE(v.dimension() == 1);
  CHECK(v.shape()[0] == 5);
  CHECK(v(4) == 4.0f);

  CHECK_THROWS_WITH_AS(io::save_npy(path, xt::xarray<float>::from_shape({2, 2, 2})),
                       doctest::Contains("3 dimensions"), Error);
  std::filesystem::remove(path);
}
