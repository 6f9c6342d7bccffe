// WeightClipping: the Lipschitz constraint of the original Wasserstein GAN (Arjovsky, Chintala &
// Bottou 2017).
#pragma once

#include <algorithm>

#include <cmath>
#include <type_traits>

#include <gantk/foundation/error.hpp>
#include <gantk/training/policy.hpp>
#include <gantk/training/run_types.hpp>

namespace gantk {

/// After every D update, every parameter of D (weights, biases, normalisation scales) is clipped
/// to [−c, c], which bounds D's Lipschitz constant crudely. Pair it with WassersteinLoss.
/// Suggests the paper's settings: RMSProp(lr 5e-5) for both networks and n_critic 5 (the
/// paper found momentum-based optimizers unstable with a clipped critic); GAN::Config overrides.
/// D's parameters lie in [−c, c] from its first update on (not at initialisation).
struct WeightClipping : Strategy {
  static constexpr bool constrains_critic = true;  ///< a Lipschitz bound for WassersteinLoss
  double c = 0.01;  ///< the clipping bound (the paper's 0.01)

  void validate() const {
    GANTK_CHECK(c > 0 && std::isfinite(c), "WeightClipping: c must be positive and finite, got ", c);
  }

  void suggest(TrainingSettings& s) const {
    s.g_optimizer = RMSProp{.lr = 5e-5};
    s.d_optimizer = RMSProp{.lr = 5e-5};
    s.n_critic = 5;
  }

  template <class Step>
  void after_d_update(Step& step) const {
    using B = typename Step::B;
    using T = typename Step::T;
    const auto p = B::view(step.d_params());
    const T bound = static_cast<T>(c);
    B::map(p, [bound](T v) { return std::clamp(v, -bound, bound); }, B::cview(p));
  }
};

}  // namespace gantk
