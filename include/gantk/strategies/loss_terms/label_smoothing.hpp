// LabelSmoothing: one-sided label smoothing (Salimans et al. 2016, "Improved Techniques for
// Training GANs", §3.4).
#pragma once

#include <cmath>

#include <gantk/foundation/error.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

namespace detail {
template <class Loss>
struct LabelSmoothingNeedsTargets {
  static_assert(Loss::has_targets,
                "LabelSmoothing moves D's target for real samples, but this GAN's loss has no targets "
                "(Loss::has_targets is false, as for a Wasserstein critic): drop LabelSmoothing or use a "
                "classification loss such as NonSaturatingLoss; LabelSmoothingNeedsTargets<Loss> names the loss");
  static constexpr bool ok = true;
};
}  // namespace detail

/// D's target for real samples becomes `real` (0.9 by default) instead of 1; fakes keep 0.
/// Smoothing only the real side keeps D from growing over-confident on real data, and so from
/// sending G vanishing or extreme gradients, without the spurious pull toward fakes that
/// smoothing the fake targets would add (the paper's reason for one-sidedness).
/// Needs a loss with targets (Loss::has_targets); otherwise the GAN fails to compile.
struct LabelSmoothing : Strategy {
  double real = 0.9;  ///< D's target for real samples, in (0, 1]

  template <class Gan>
  struct Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// LabelSmoothing in a GAN: the loss must have targets.
template <class Gan>
struct LabelSmoothing::Bound : LabelSmoothing {
  void validate() const {
    static_assert(detail::LabelSmoothingNeedsTargets<typename Gan::LossPolicy>::ok);
    GANTK_CHECK(real > 0 && real <= 1, "LabelSmoothing: the real target must lie in (0, 1], got ", real);
  }

  template <class Step>
  void before_d_loss(Step& step) const {
    step.targets().real = real;
  }
};

}  // namespace gantk
