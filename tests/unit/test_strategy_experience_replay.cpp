#include <doctest/doctest.h>

#include <vector>

#include <gantk/gantk.hpp>

using namespace gantk;

namespace {
// Listed after ExperienceReplay: for each D update, how many of D's fake columns are this step's
// fakes, and how many are fakes of earlier steps (remembered by value).
struct ReplayProbe : Strategy {
  static constexpr DInputStage d_input_stage = DInputStage::Perturb;  // after replay's selection
  std::vector<HostMatrix<float>> history;  // every step's fakes
  std::vector<int> current, past, first_past_column;
  template <class Step>
  void on_d_inputs(Step& step) {
    if (step.phase() != Phase::Discriminator) return;
    const Index n = step.batch();
    const auto in = step.d_fake_input();
    const auto fake = step.fake();
    const auto seen_before = [&](Index j) {
      for (const auto& h : history)
        for (Index k = 0; k < h.cols(); ++k)
          if (in.col(j) == h.col(k)) return true;
      return false;
    };
    int cur = 0, old = 0, first = -1;
    for (Index j = 0; j < n; ++j) {
      if (in.col(j) == fake.col(j)) {
        ++cur;
      } else if (seen_before(j)) {
        ++old;
        if (first < 0) first = int(j);
      }
    }
    current.push_back(cur);
    past.push_back(old);
    first_past_column.push_back(first);
    history.push_back(fake);
  }
};
using Arch = MLP<Latent<2>, Data<2>, Hidden<8>>;
}  // namespace

TEST_CASE("ExperienceReplay: D's fake batch mixes past fakes in at the set ratio once the buffer has them") {
  GAN<Arch, NonSaturatingLoss, ExperienceReplay, ReplayProbe> gan{{.seed = 1},
                                                                  ExperienceReplay{.capacity = 40, .ratio = 0.25}};
  const auto ring = data::Ring{}.dataset();
  for (int s = 0; s < 8; ++s) gan.train_step(ring, 16);
  const auto& p = gan.strategy<ReplayProbe>();
  CHECK(p.current[0] == 16);  // empty buffer: nothing to replay yet
  CHECK(p.past[0] == 0);
  for (std::size_t s = 1; s < 8; ++s) {
    CAPTURE(s);
    CHECK(p.current[s] == 12);
    CHECK(p.past[s] == 4);  // ¼ of 16, every one a fake of an earlier step
  }
  CHECK(gan.strategy<ExperienceReplay>().stored() == 32);  // 4 per step, 8 steps
  for (int s = 0; s < 10; ++s) gan.train_step(ring, 16);
  CHECK(gan.strategy<ExperienceReplay>().stored() == 40);  // full: newer fakes overwrite random entries
}

TEST_CASE("ExperienceReplay under PacGAN replaces whole packs") {
  ExperienceReplay r{.capacity = 100, .ratio = 0.3};
  CHECK(r.replaced(20, 1) == 6);
  CHECK(r.replaced(20, 4) == 8);  // 0.3 · 5 packs = 1.5, rounded to 2 packs
  CHECK(r.replaced(20, 2) == 6);  // 3 packs of 2
  CHECK(ExperienceReplay{.capacity = 3, .ratio = 1}.replaced(20, 2) == 2);  // never more than the buffer holds
  GAN<Arch, NonSaturatingLoss, PacGAN<4>, ExperienceReplay, ReplayProbe> gan{{.seed = 2}, r};
  const auto ring = data::Ring{}.dataset();
  for (int s = 0; s < 4; ++s) gan.train_step(ring, 20);
  const auto& p = gan.strategy<ReplayProbe>();
  CHECK(p.past[3] == 8);
  CHECK(p.first_past_column[3] == 0);  // the first pack, whole
}

TEST_CASE("ExperienceReplay: ratio 0 leaves D's inputs alone; bad settings are errors naming the value") {
  GAN<Arch, NonSaturatingLoss, ExperienceReplay, ReplayProbe> gan{{.seed = 3}, ExperienceReplay{.ratio = 0}};
  for (int s = 0; s < 3; ++s) gan.train_step(data::Ring{}.dataset(), 8);
  CHECK(gan.strategy<ReplayProbe>().current[2] == 8);
  using Gan = GAN<Arch, NonSaturatingLoss, ExperienceReplay>;
  CHECK_THROWS_WITH_AS((Gan{{}, ExperienceReplay{.capacity = 0}}), doctest::Contains("capacity must be positive, got 0"),
                       Error);
  CHECK_THROWS_WITH_AS((Gan{{}, ExperienceReplay{.ratio = 1.5}}), doctest::Contains("1.5"), Error);
}
