// gantk::recipes at other widths: the same networks and schedule for data of any width (the
// 2-d names stay the measured recipes), training on a 10-d mixture.
#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>

#include <gantk/gantk.hpp>
#include <gantk/recipes.hpp>

using namespace gantk;

namespace {
template <class Recipe>
concept HasDataSet = requires { Recipe::data(); };
}  // namespace

TEST_CASE("recipes: the 2-d names are the width-2 instances of the width templates") {
  static_assert(std::is_same_v<recipes::RingPacGAN, recipes::RingPacGANAt<2, 2>>);
  static_assert(std::is_same_v<recipes::GridPacGANR1, recipes::GridPacGANR1At<2, 2>>);
  static_assert(std::is_same_v<decltype(recipes::RingPacGAN::data()), data::Ring>);
  static_assert(std::is_same_v<decltype(recipes::GridPacGANR1::data()), data::Grid>);
  // no data set at other widths: data() does not exist there
  static_assert(!HasDataSet<recipes::RingPacGANAt<10, 4>>);
  static_assert(!HasDataSet<recipes::GridPacGANR1At<10>>);
  static_assert(HasDataSet<recipes::RingPacGAN>);
  CHECK(recipes::RingPacGANAt<10, 4>::steps == recipes::RingPacGAN::steps);
}

TEST_CASE("recipes at width 10: the ring and grid recipes train on a 10-d mixture of 20 modes") {
  const auto mixture = data::HighDimensionalMixture{.dim = 10, .modes = 20, .stddev = 0.05}.dataset();
  auto ring = recipes::RingPacGANAt<10, 4>::make(1, 4);
  using RingGan = decltype(ring);
  static_assert(RingGan::data_width == 10 && RingGan::latent_width == 4 && RingGan::pack == 2);
  CHECK(ring.strategy<LearningRateDecay>().from_step == 2);
  const auto r = ring.fit(mixture, recipes::RingPacGANAt<10, 4>::fit_options(4, Progress::Silent));
  CHECK(r.steps == 4);
  CHECK(std::isfinite(r.last.g_loss));
  CHECK(ring.sample(8).rows() == 10);

  auto grid = recipes::GridPacGANR1At<10>::make(2, 3);
  static_assert(decltype(grid)::data_width == 10 && decltype(grid)::latent_width == 2);
  CHECK(grid.strategy<R1Penalty>().gamma == recipes::GridPacGANR1At<10>::r1_gamma);
  const auto g = grid.fit(mixture, recipes::GridPacGANR1At<10>::fit_options(3, Progress::Silent));
  CHECK(std::isfinite(g.last.g_loss));
}
