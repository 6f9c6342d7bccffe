// The strategy contract from outside the library: a user's strategy is a settings struct with
// `bind<Gan>`, its bound type keeps typed buffers and private state, and its hooks use only the
// Step view. Here: the drift penalty of progressive GANs (Karras et al. 2018, §A.1),
// ε·E[D(x)²] on the real batch, which keeps a critic's outputs from drifting far from 0.
#include <doctest/doctest.h>

#include <cmath>

#include "resume_check.hpp"
#include "strategy_check.hpp"

#include <gantk/gantk.hpp>

using namespace gantk;

namespace {

struct DriftPenalty : Strategy {
  double epsilon = 1e-3;  ///< ε

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

template <class Gan>
class DriftPenalty::Bound : public DriftPenalty {
  using T = typename Gan::T;
  using B = typename Gan::B;

 public:
  /// How many times the penalty ran (a read-out the tests use, kept in checkpoints).
  long calls() const { return calls_; }

  void validate() const { GANTK_CHECK(epsilon >= 0, "DriftPenalty: epsilon must be ≥ 0, got ", epsilon); }
  void prepare(Index batch) {
    tape_.resize(batch / Gan::pack);
    dy_.resize(1, batch / Gan::pack);
  }
  template <class Archive>
  void serialize_state(Archive& a) {
    a.io(calls_);
  }

  // ε·mean(D(x)²) with D run on the penalty's own tape; its parameter gradient joins D's
  template <class Step>
  double d_penalty(Step& step) {
    ++calls_;
    const auto out = step.d_forward(step.packed_d_real_input(), tape_);
    const Index n = out.cols();
    double value = 0;
    for (Index j = 0; j < n; ++j) {
      value += static_cast<double>(out(0, j)) * static_cast<double>(out(0, j));
      dy_(0, j) = static_cast<T>(2 * epsilon / static_cast<double>(n)) * out(0, j);
    }
    step.d_backward(tape_, B::cview(dy_), step.d_grads().data(), B::none());
    return epsilon * value / static_cast<double>(n);
  }

 private:
  typename Gan::DNet::Tape tape_;
  typename Gan::Matrix dy_;  // ∂P/∂D(x) (1 × batch/pack)
  long calls_ = 0;
};

using Arch = MLP<Latent<2>, Data<2>, Hidden<8>>;

}  // namespace

TEST_CASE("a user's strategy written against the Step contract: settings, typed buffers, read-outs") {
  using Gan = GAN<Arch, WassersteinLoss, Precision<double>, DriftPenalty, WeightClipping>;
  static_assert(std::is_same_v<Gan::Bound<DriftPenalty>, DriftPenalty::Bound<Gan>>);
  Gan gan{{.seed = 1}, DriftPenalty{.epsilon = 0.5}};
  auto& drift = gan.strategy<DriftPenalty>();
  CHECK(drift.epsilon == 0.5);  // the settings, through the bound type
  const auto ring = data::Ring{}.dataset();
  const auto info = gan.train_step(ring, 16);
  CHECK(drift.calls() == 5);  // WeightClipping suggests n_critic 5: once per D update
  CHECK(info.d_penalty > 0);
  CHECK(std::isfinite(info.d_penalty));

  // the value by hand: ε·mean(D(real)²) on the penalty's own pass (D unchanged by it)
  Rng rng(3);
  gantk::test::ContextData<Gan> data(16, rng);
  gan.discriminator().grads.setZero();
  const double value = data.d_penalty(gan, drift);
  const gantk::test::Md d_real = gan.discriminate(data.real);
  CHECK(value == doctest::Approx(0.5 * d_real.array().square().mean()).epsilon(1e-12));
  CHECK(gan.discriminator().grads.norm() > 0);  // its gradient joined D's
  CHECK_THROWS_WITH_AS((Gan{{}, DriftPenalty{.epsilon = -1}}), doctest::Contains("epsilon must be ≥ 0, got -1"), Error);
}

TEST_CASE("a user's strategy resumes exactly from a checkpoint (its serialize_state)") {
  gantk::test::check_exact_resume<GAN<Arch, WassersteinLoss, DriftPenalty, WeightClipping>>({.seed = 2},
                                                                                      DriftPenalty{.epsilon = 0.1});
}
