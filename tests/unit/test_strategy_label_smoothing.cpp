#include <doctest/doctest.h>

#include <gantk/gantk.hpp>

using namespace gantk;

namespace {
// NonSaturatingLoss that remembers the targets D's loss was given
struct RecordingLoss : NonSaturatingLoss {
  mutable Targets seen{-1, -1};
  template <class B>
  typename B::Scalar d_loss(typename B::CView r, typename B::CView f, typename B::View dr, typename B::View df,
                            const Targets& t) const {
    seen = t;
    return NonSaturatingLoss::d_loss<B>(r, f, dr, df, t);
  }
};
using Arch = MLP<Latent<2>, Data<2>, Hidden<8>>;
}  // namespace

TEST_CASE("LabelSmoothing sets D's real target and leaves the fake target at 0") {
  GAN<Arch, RecordingLoss> plain{{.seed = 1}};
  plain.train_step(data::Ring{}.dataset(), 8);
  CHECK(plain.loss().seen.real == 1.0);
  GAN<Arch, RecordingLoss, LabelSmoothing> smooth{{.seed = 1}};
  smooth.train_step(data::Ring{}.dataset(), 8);
  CHECK(smooth.loss().seen.real == 0.9);
  CHECK(smooth.loss().seen.fake == 0.0);
  GAN<Arch, RecordingLoss, LabelSmoothing> custom{{.seed = 1}, LabelSmoothing{.real = 0.75}};
  custom.train_step(data::Ring{}.dataset(), 8);
  CHECK(custom.loss().seen.real == 0.75);
}

TEST_CASE("LabelSmoothing changes D's loss as the smoothed targets say") {
  // same seed and data: the first D loss differs only through the real targets
  GAN<Arch, NonSaturatingLoss> plain{{.seed = 2}};
  GAN<Arch, NonSaturatingLoss, LabelSmoothing> smooth{{.seed = 2}};
  const auto a = plain.train_step(data::Ring{}.dataset(), 16);
  const auto b = smooth.train_step(data::Ring{}.dataset(), 16);
  CHECK(a.d_real == b.d_real);  // measured before D's update: the same D, the same batch
  CHECK(a.d_loss != doctest::Approx(b.d_loss));
}

TEST_CASE("LabelSmoothing: a target outside (0, 1] is an error naming it") {
  using Gan = GAN<Arch, NonSaturatingLoss, LabelSmoothing>;
  CHECK_THROWS_WITH_AS((Gan{{}, LabelSmoothing{.real = 1.5}}), doctest::Contains("1.5"), Error);
  CHECK_THROWS_WITH_AS((Gan{{}, LabelSmoothing{.real = 0}}), doctest::Contains("(0, 1]"), Error);
}
