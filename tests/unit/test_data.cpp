// Datasets: mixtures' geometry and statistics, in-memory data, .npy round trips, atomic writes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/data/matrix_dataset.hpp>
#include <gantk/io/npy.hpp>

using namespace gantk;

namespace {
std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("gantk_test_" + name)).string();
}
}  // namespace

TEST_CASE("Ring: K centers at angles 2πi/K on the given radius") {
  const auto m = data::Ring{.modes = 6, .radius = 2.5, .stddev = 0.1}.dataset();
  REQUIRE(m.components() == 6);
  for (int i = 0; i < 6; ++i) {
    const double a = 2 * std::numbers::pi * i / 6;
    CHECK(m.centers()(0, i) == doctest::Approx(2.5 * std::cos(a)));
    CHECK(m.centers()(1, i) == doctest::Approx(2.5 * std::sin(a)));
  }
  CHECK(m.stddev() == 0.1);
}

TEST_CASE("Grid: side² centers, spacing apart, centred") {
  const auto m = data::Grid{}.dataset();
  REQUIRE(m.components() == 25);
  CHECK(m.centers().minCoeff() == doctest::Approx(-4.0));
  CHECK(m.centers().maxCoeff() == doctest::Approx(4.0));
  CHECK(m.centers().rowwise().mean().norm() == doctest::Approx(0.0));
}

TEST_CASE("GaussianMixture: sample statistics match the components and weights") {
  HostMatrix<double> c(2, 2);
  c << 0, 10, 0, 0;
  const data::GaussianMixture m(c, 0.5, {1.0, 3.0});
  Rng rng(3);
  std::vector<Index> labels;
  const auto x = m.draw<double>(20000, rng, &labels);
  Index ones = 0;
  double sx = 0, sxx = 0;
  for (Index j = 0; j < x.cols(); ++j) {
    if (labels[static_cast<std::size_t>(j)] == 1) ++ones;
    const double dx = x(0, j) - c(0, labels[static_cast<std::size_t>(j)]);
    sx += dx, sxx += dx * dx;
  }
  const double frac = static_cast<double>(ones) / 20000.0;
  CHECK(frac == doctest::Approx(0.75).epsilon(0.02));                  // ±1.5σ of a binomial is ~0.5 %
  CHECK(std::sqrt(sxx / 20000.0 - (sx / 20000.0) * (sx / 20000.0)) == doctest::Approx(0.5).epsilon(0.03));
}

TEST_CASE("HighDimensionalMixture: 10 well-separated modes in 1200 dimensions, fixed by its seed") {
  const auto a = data::HighDimensionalMixture{}.dataset();
  const auto b = data::HighDimensionalMixture{}.dataset();
  CHECK(a.width() == 1200);
  CHECK(a.components() == 10);
  CHECK(a.centers() == b.centers());
  double closest = 1e9;
  for (Index i = 0; i < 10; ++i)
    for (Index j = i + 1; j < 10; ++j) closest = std::min(closest, (a.centers().col(i) - a.centers().col(j)).norm());
  CHECK(closest > 100 * a.stddev());
}

TEST_CASE("HighDimensionalMixture: min_separation redraws until every pair of centres is that far apart") {
  auto closest_pair = [](const data::GaussianMixture& m) {
    double closest = 1e300;
    for (Index i = 0; i < m.components(); ++i)
      for (Index j = i + 1; j < m.components(); ++j)
        closest = std::min(closest, (m.centers().col(i) - m.centers().col(j)).norm());
    return closest;
  };
  // 20 modes in [-1, 1]^10: the seed's first draw has a pair closer than 1.4 (checked here, so the
  // option has something to do), the separated draw has none, and 0 keeps the first draw.
  const data::HighDimensionalMixture plain{.dim = 10, .modes = 20, .seed = 7};
  auto separated = plain;
  separated.min_separation = 1.4;
  const double first = closest_pair(plain.dataset());
  CHECK(first < 1.4);
  CHECK(closest_pair(separated.dataset()) >= 1.4);
  CHECK(separated.dataset().centers() == separated.dataset().centers());  // still fixed by the seed
  auto zero = plain;
  zero.min_separation = 0;
  CHECK(zero.dataset().centers() == plain.dataset().centers());
  auto impossible = plain;
  impossible.min_separation = 100;  // farther than the cube's diagonal (6.3)
  CHECK_THROWS_WITH_AS(impossible.dataset(), doctest::Contains("kept them 100 apart in 1000 tries"), Error);
  impossible.min_separation = -1;
  CHECK_THROWS_WITH_AS(impossible.dataset(), doctest::Contains("min_separation must be finite and ≥ 0, got -1"), Error);
}

TEST_CASE("Ring and Grid: weights make some modes rarer; a wrong count is named") {
  const auto ring = data::Ring{.weights = {4, 1, 1, 1, 1, 1, 1, 2}}.dataset();
  CHECK(ring.weights()[0] == doctest::Approx(4.0 / 12));
  CHECK(ring.weights()[7] == doctest::Approx(2.0 / 12));
  Rng rng(3);
  std::vector<Index> labels;
  (void)ring.draw(24000, rng, &labels);
  const auto share = [&](Index k) { return std::count(labels.begin(), labels.end(), k) / 24000.0; };
  CHECK(share(0) == doctest::Approx(1.0 / 3).epsilon(0.05));  // ±5% relative is > 5 binomial σ here
  CHECK(share(1) == doctest::Approx(1.0 / 12).epsilon(0.1));
  std::vector<double> grid_weights(25, 1.0);
  grid_weights[12] = 0;  // the centre of the grid never drawn
  const auto grid = data::Grid{.weights = grid_weights}.dataset();
  (void)grid.draw(5000, rng, &labels);
  CHECK(std::count(labels.begin(), labels.end(), Index{12}) == 0);
  const data::Ring three_weights{.weights = {1, 2, 3}};
  CHECK_THROWS_WITH_AS(three_weights.dataset(), doctest::Contains("3 weights for 8 components"), Error);
  const data::Grid one_weight{.weights = {-1}};
  CHECK_THROWS_WITH_AS(one_weight.dataset(), doctest::Contains("1 weights for 25 components"), Error);
}

TEST_CASE("mixtures reject bad settings with the value") {
  CHECK_THROWS_WITH_AS(data::Ring{.modes = 0}.dataset(), doctest::Contains("modes must be positive, got 0"), Error);
  CHECK_THROWS_WITH_AS(data::Grid{.spacing = -1}.dataset(), doctest::Contains("got -1"), Error);
  CHECK_THROWS_WITH_AS(data::GaussianMixture(HostMatrix<double>::Zero(2, 2), -0.5), doctest::Contains("-0.5"), Error);
}

TEST_CASE("MatrixDataset: samples are columns of the matrix; bad data is named") {
  HostMatrix<float> m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  const data::MatrixDataset<float> d(m);
  Rng rng(1);
  HostMatrix<float> out(2, 50);
  d.sample(HostView<float>(out.data(), 2, 50), rng);
  for (Index j = 0; j < 50; ++j) CHECK(out(1, j) == out(0, j) + 3);
  CHECK_THROWS_WITH_AS(data::MatrixDataset<float>(HostMatrix<float>(2, 0)), doctest::Contains("empty"), Error);
  m(1, 2) = NAN;
  CHECK_THROWS_WITH_AS(data::MatrixDataset<float>{m}, doctest::Contains("sample 2"), Error);
}

TEST_CASE(".npy round trip keeps NumPy's (N, d) layout") {
  HostMatrix<float> m(3, 4);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(i) * 0.5f;
  const std::string path = temp_path("roundtrip.npy");
  io::save_npy(path, m);
  // NumPy sees shape (4, 3): check the header text
  std::ifstream raw(path, std::ios::binary);
  std::string header(128, '\0');
  raw.read(header.data(), 128);
  CHECK(header.find("(4, 3)") != std::string::npos);
  CHECK(io::load_npy<float>(path) == m);
  const auto as_double = io::load_npy<double>(path);
  CHECK(as_double(2, 3) == doctest::Approx(m(2, 3)));
  const auto ds = io::load_npy_dataset<float>(path);
  CHECK(ds.width() == 3);
  CHECK(ds.size() == 4);
  std::filesystem::remove(path);
}

TEST_CASE(".npy errors name the file") {
  CHECK_THROWS_WITH_AS(io::load_npy<float>("/nonexistent/x.npy"), doctest::Contains("/nonexistent/x.npy"), Error);
  const std::string junk = temp_path("junk.npy");
  std::ofstream(junk) << "not an npy file";
  CHECK_THROWS_WITH_AS(io::load_npy<float>(junk), doctest::Contains(junk.c_str()), Error);
  std::filesystem::remove(junk);
  CHECK_THROWS_WITH_AS(io::save_npy("/nonexistent-folder/x.npy", HostMatrix<float>::Zero(2, 2)),
                       doctest::Contains("does not exist"), Error);
}

TEST_CASE("atomic writes leave the old file intact when the writer fails") {
  const std::string path = temp_path("atomic.txt");
  io::write_text_atomically(path, "first");
  CHECK_THROWS_AS(io::write_atomically(path, [](const std::string& tmp) {
                    std::ofstream(tmp) << "half";
                    throw std::runtime_error("disk full");
                  }),
                  Error);
  std::ifstream in(path);
  std::string content;
  in >> content;
  CHECK(content == "first");
  // no temporary left behind
  int siblings = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
    if (e.path().filename().string().rfind("gantk_test_atomic.txt.tmp", 0) == 0) ++siblings;
  CHECK(siblings == 0);
  std::filesystem::remove(path);
}

TEST_CASE("Rng: reproducible, splittable, thread-independent fills") {
  Rng a(42), b(42);
  CHECK(a.next_u32() == b.next_u32());
  Rng c = Rng(42).split(1), d = Rng(42).split(2);
  CHECK(c.next_u32() != d.next_u32());
  // a fill of 10 elements equals the first 10 of a fill of 13 from the same position
  std::vector<double> x(10), y(13);
  Rng(7).fill_normal(x.data(), 10);
  Rng(7).fill_normal(y.data(), 13);
  for (int i = 0; i < 10; ++i) CHECK(x[static_cast<std::size_t>(i)] == y[static_cast<std::size_t>(i)]);
  // moments of N(0, 1)
  std::vector<double> z(40000);
  Rng(9).fill_normal(z.data(), 40000);
  double s = 0, ss = 0;
  for (double v : z) s += v, ss += v * v;
  CHECK(s / 40000 == doctest::Approx(0.0).epsilon(0.02));
  CHECK(ss / 40000 == doctest::Approx(1.0).epsilon(0.03));
}
