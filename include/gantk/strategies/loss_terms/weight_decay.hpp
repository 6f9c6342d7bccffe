// WeightDecay: L2 regularisation of the networks' parameters, one of the plain regularisers the
// mode-collapse articles name (it keeps an over-fitting D from growing sharp around the fakes).
#pragma once

#include <cmath>

#include <gantk/foundation/error.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

/// Adds (λ/2)‖θ‖² to D's and/or G's objective: λθ joins the gradient before each optimizer step
/// (classic L2 decay, as PyTorch's `weight_decay`; with Adam it is scaled by the moments like
/// any gradient term). All parameters are decayed, biases included. The values appear in
/// StepInfo::d_penalty and g_penalty.
struct WeightDecay : Strategy {
  double discriminator = 1e-4;  ///< λ for D (0: off)
  double generator = 0.0;       ///< λ for G (0: off)

  void validate() const {
    GANTK_CHECK(discriminator >= 0 && std::isfinite(discriminator),
                "WeightDecay: the discriminator's factor must be finite and ≥ 0, got ", discriminator);
    GANTK_CHECK(generator >= 0 && std::isfinite(generator),
                "WeightDecay: the generator's factor must be finite and ≥ 0, got ", generator);
  }

  template <class Step>
  double d_penalty(Step& step) const {
    return decay<typename Step::B>(step.d_params(), step.d_grads(), discriminator);
  }
  template <class Step>
  double g_penalty(Step& step) const {
    return decay<typename Step::B>(step.g_params(), step.g_grads(), generator);
  }

 private:
  // grads += λθ; returns (λ/2)‖θ‖²
  template <class B, class Vector>
  static double decay(const Vector& params, Vector& grads, double lambda) {
    if (lambda == 0) return 0.0;
    using T = typename B::Scalar;
    B::axpy(static_cast<T>(lambda), B::cview(params), B::view(grads));
    return 0.5 * lambda * static_cast<double>(B::dot(B::cview(params), B::cview(params)));
  }
};

}  // namespace gantk
