// The design card's literal GAN type, the defaults that let it be written that way, and fit()'s
// report of a Wasserstein critic that nothing constrains.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <type_traits>

#include <gantk/gantk.hpp>

using namespace gantk;

namespace {
// exactly as the design card writes it
using Card = gantk::GAN<gantk::MLP<gantk::Latent<2>, gantk::Data<2>, gantk::Hidden<64, 64>>, gantk::WassersteinLoss,
                        gantk::MinibatchDisc, gantk::UnrolledD<5>>;
using SmallMLP = MLP<Latent<2>, Data<2>, Hidden<8>>;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
FitOptions quiet_to(std::ostream& out, long steps) {
  return FitOptions{.steps = steps, .batch = 32, .progress = Progress::Silent, .out = &out};
}
}  // namespace

TEST_CASE("the plain names are the default-configured strategies and MLP<> is the 2-d ring's MLP") {
  static_assert(std::is_same_v<MinibatchDisc, MinibatchDiscWith<16, 4>>);
  static_assert(std::is_same_v<FeatureMatching, FeatureMatchingWith<-2, FeatureMatchingUse::ReplaceLoss>>);
  using Ring = MLP<Latent<2>, Data<2>, Hidden<128, 128>>;
  static_assert(std::is_same_v<MLP<>::generator, Ring::generator>);
  static_assert(std::is_same_v<MLP<>::discriminator, Ring::discriminator>);
  static_assert(MLP<>::latent_width == 2 && MLP<>::data_width == 2);
  // Hidden<> still means no hidden layer: D is one Dense<1>
  static_assert(std::is_same_v<MLP<Latent<2>, Data<2>, Hidden<>>::discriminator, Sequential<Dense<1>>>);
  // MinibatchDisc inserts its 16 features before D's head: 64 + 16 inputs to Dense<1>
  static_assert(Card::DNet::out_widths[Card::DNet::depth - 2] == 64 + 16);
}

TEST_CASE("the design card's literal type trains: finite losses, and both networks move") {
  Card gan{{.seed = 7}};
  const auto g0 = gan.generator().params;
  const auto d0 = gan.discriminator().params;
  std::ostringstream out;
  const auto report = gan.fit(data::Ring{}, quiet_to(out, 3));
  CHECK(report.steps == 3);
  CHECK(std::isfinite(report.last.d_loss));
  CHECK(std::isfinite(report.last.g_loss));
  CHECK((gan.generator().params - g0).norm() > 0);
  CHECK((gan.discriminator().params - d0).norm() > 0);
  CHECK(gan.sample(16).allFinite());
  // and it is the unconstrained-critic case fit() reports
  static_assert(Card::critic_unconstrained);
  CHECK(count(out.str(), "no strategy constrains D") == 1);
}

TEST_CASE("a Wasserstein critic with no constraint is reported once per GAN, unless silenced") {
  using Free = GAN<SmallMLP, WassersteinLoss>;
  static_assert(Free::critic_unconstrained);
  static_assert(!GAN<SmallMLP, WassersteinLoss, WeightClipping>::critic_unconstrained);
  static_assert(!GAN<SmallMLP, WassersteinLoss, GradientPenalty>::critic_unconstrained);
  static_assert(!GAN<SmallMLP, WassersteinLoss, SpectralNorm>::critic_unconstrained);
  static_assert(!GAN<SmallMLP, WassersteinLoss, R1Penalty>::critic_unconstrained);
  static_assert(!GAN<SmallMLP, NonSaturatingLoss>::critic_unconstrained);
  static_assert(!GAN<SmallMLP, HingeLoss>::critic_unconstrained);
  const auto ring = data::Ring{}.dataset();

  SUBCASE("reported on the progress stream, once across fits") {
    Free gan{{.seed = 1}};
    std::ostringstream out;
    gan.fit(ring, quiet_to(out, 2));
    gan.fit(ring, quiet_to(out, 2));
    CHECK(count(out.str(), "gantk: warning:") == 1);
    CHECK(count(out.str(), "WassersteinLoss") == 1);
    CHECK(count(out.str(), "warn_unconstrained_critic = false") == 1);
  }
  SUBCASE("silenced by FitOptions::warn_unconstrained_critic") {
    Free gan{{.seed = 1}};
    std::ostringstream out;
    FitOptions options = quiet_to(out, 2);
    options.warn_unconstrained_critic = false;
    gan.fit(ring, options);
    CHECK(out.str().empty());
  }
  SUBCASE("not reported when a strategy constrains D") {
    GAN<SmallMLP, WassersteinLoss, WeightClipping> gan{{.seed = 1}};
    std::ostringstream out;
    gan.fit(ring, quiet_to(out, 2));
    CHECK(out.str().empty());
  }
}
