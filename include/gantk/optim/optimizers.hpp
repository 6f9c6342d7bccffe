// Optimizers over flat parameter vectors: SGD (momentum), Adam, RMSProp.
//
// Each optimizer is a settings struct (designated-initializer friendly) plus a state class that
// updates a whole network's parameters in one fused pass of the backend (sgd_step, adam_step,
// rmsprop_step: vectorised on the CPU). G and D each get their own.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>

#include <gantk/backend/cpu.hpp>
#include <gantk/foundation/config.hpp>
#include <gantk/foundation/error.hpp>

namespace gantk {

/// Stochastic gradient descent with optional (Nesterov) momentum, as in PyTorch:
/// v ← μ v + g;  θ ← θ − lr·v  (Nesterov: θ ← θ − lr·(g + μ v)).
struct SGD {
  double lr = 1e-2;
  double momentum = 0.0;
  bool nesterov = false;
};

/// Adam (Kingma & Ba 2015) with bias correction. Defaults are those of DCGAN-style GAN training.
struct Adam {
  double lr = 1e-4;
  double beta1 = 0.5;
  double beta2 = 0.999;
  double eps = 1e-8;
};

/// RMSProp (Tieleman & Hinton 2012), as used by the WGAN paper (lr 5e-5):
/// s ← α s + (1 − α) g²;  θ ← θ − lr·g / (√s + ε).
struct RMSProp {
  double lr = 5e-5;
  double alpha = 0.99;
  double eps = 1e-8;
};

using Optimizer = std::variant<SGD, Adam, RMSProp>;

namespace detail {
inline void validate(const SGD& o) {
  GANTK_CHECK(o.lr > 0 && std::isfinite(o.lr), "SGD: lr must be positive and finite, got ", o.lr);
  GANTK_CHECK(o.momentum >= 0 && o.momentum < 1, "SGD: momentum must lie in [0, 1), got ", o.momentum);
}
inline void validate(const Adam& o) {
  GANTK_CHECK(o.lr > 0 && std::isfinite(o.lr), "Adam: lr must be positive and finite, got ", o.lr);
  GANTK_CHECK(o.beta1 >= 0 && o.beta1 < 1, "Adam: beta1 must lie in [0, 1), got ", o.beta1);
  GANTK_CHECK(o.beta2 >= 0 && o.beta2 < 1, "Adam: beta2 must lie in [0, 1), got ", o.beta2);
  GANTK_CHECK(o.eps > 0, "Adam: eps must be positive, got ", o.eps);
}
inline void validate(const RMSProp& o) {
  GANTK_CHECK(o.lr > 0 && std::isfinite(o.lr), "RMSProp: lr must be positive and finite, got ", o.lr);
  GANTK_CHECK(o.alpha >= 0 && o.alpha < 1, "RMSProp: alpha must lie in [0, 1), got ", o.alpha);
  GANTK_CHECK(o.eps > 0, "RMSProp: eps must be positive, got ", o.eps);
}
}  // namespace detail

/// The moving state of one optimizer over n parameters, on backend B (the moments are B's
/// tensors; the step runs as one backend operation).
template <class T, class B = CpuBackend<T>>
class OptimizerState {
  static_assert(std::is_same_v<typename B::Scalar, T>, "OptimizerState<T, B>: B's scalar type must be T");

 public:
  using Vector = typename B::Vector;

  OptimizerState() = default;
  OptimizerState(Optimizer settings, Index n) : settings_(settings) {
    std::visit([](const auto& o) { detail::validate(o); }, settings_);
    first_ = zeros(n);
    if (std::holds_alternative<Adam>(settings_)) second_ = zeros(n);
  }

  const Optimizer& settings() const { return settings_; }
  long steps() const { return steps_; }
  /// The learning rate now in force (strategies may schedule it).
  double learning_rate() const {
    return std::visit([](const auto& o) { return o.lr; }, settings_);
  }
  /// @throws gantk::Error when lr is not positive and finite (NaN would train silently to NaN
  /// parameters, a negative rate would climb the loss).
  void set_learning_rate(double lr) {
    GANTK_CHECK(lr > 0 && std::isfinite(lr), "set_learning_rate: the learning rate must be positive and finite, got ",
                lr);
    std::visit([lr](auto& o) { o.lr = lr; }, settings_);
  }
  /// First and second moment buffers (empty where the optimizer keeps none).
  const Vector& first_moment() const { return first_; }
  const Vector& second_moment() const { return second_; }

  /// θ ← update(θ, g) over n = first_moment().size() parameters. Returns false when θ or the
  /// moments hold NaN or Inf afterwards (the caller decides what divergence means).
  bool step(T* theta, const T* grad) {
    ++steps_;
    const Index n = first_.size();
    std::visit([&](const auto& o) { apply(o, B::view(theta, n, 1), B::cview(grad, n, 1)); }, settings_);
    return all_finite(theta);
  }

  /// Settings, moments and step count, for checkpoints (io/state_archive.hpp). Reading may
  /// change the optimizer's kind: the checkpoint wins over the construction settings.
  template <class Archive>
  void serialize_state(Archive& a) {
    auto kind = static_cast<std::uint32_t>(settings_.index());
    a.io(kind);
    if constexpr (Archive::loading) {
      a.require(kind < std::variant_size_v<Optimizer>, "an optimizer of kind ", kind, " (0 SGD, 1 Adam, 2 RMSProp)");
      if (kind != settings_.index()) settings_ = kind == 0 ? Optimizer{SGD{}} : kind == 1 ? Optimizer{Adam{}} : Optimizer{RMSProp{}};
    }
    std::visit([&](auto& o) { serialize_settings(a, o); }, settings_);
    if constexpr (Archive::loading) {
      std::string why;
      try {
        std::visit([](const auto& o) { detail::validate(o); }, settings_);
      } catch (const Error& e) {
        why = e.what();
      }
      a.require(why.empty(), "stored optimizer settings are invalid: ", why);
      second_.resize(std::holds_alternative<Adam>(settings_) ? first_.size() : 0, 1);
    }
    a.io(steps_);
    a.require(steps_ >= 0, "an optimizer has taken ", steps_, " steps");
    a.io(first_);
    a.io(second_);
  }

 private:
  using View = typename B::View;
  using CView = typename B::CView;

  static Vector zeros(Index n) {
    Vector v(n, 1);
    B::fill(B::view(v), T(0));
    return v;
  }

  void apply(const SGD& o, View theta, CView grad) {
    const T lr = T(o.lr), mu = T(o.momentum);
    const T keep = steps_ == 1 ? T(0) : mu;  // PyTorch starts the velocity at the first gradient
    B::sgd_step(theta, grad, mu == T(0) ? B::none() : B::view(first_), lr, keep, mu, o.nesterov);
  }

  void apply(const Adam& o, View theta, CView grad) {
    const double c1 = 1.0 - std::pow(o.beta1, static_cast<double>(steps_));
    const double c2 = 1.0 - std::pow(o.beta2, static_cast<double>(steps_));
    // θ −= lr·m̂/(√v̂ + ε) with m̂ = m/c1, v̂ = v/c2, folded into two scalars
    B::adam_step(theta, grad, B::view(first_), B::view(second_), T(o.beta1), T(o.beta2), T(o.lr / c1),
                 T(1.0 / std::sqrt(c2)), T(o.eps));
  }

  void apply(const RMSProp& o, View theta, CView grad) {
    B::rmsprop_step(theta, grad, B::view(first_), T(o.lr), T(o.alpha), T(o.eps));
  }

  // One sum over θ and the moments: NaN or Inf anywhere makes it non-finite (so would a sum
  // beyond the float range, which is divergence by any measure). Out of line: inlined into a
  // caller with a tiny array, GCC 12 flags Eigen's packet loads that the size check never reaches
  // (-Warray-bounds, at -march=native on AVX-512).
  [[gnu::noinline]] bool all_finite(const T* theta) const {
    const Index n = first_.size();
    const double sum = static_cast<double>(B::sum(B::cview(theta, n, 1))) +
                       static_cast<double>(B::sum(B::cview(first_))) + static_cast<double>(B::sum(B::cview(second_)));
    return std::isfinite(sum);
  }

  template <class Archive>
  static void serialize_settings(Archive& a, SGD& o) {
    a.io(o.lr);
    a.io(o.momentum);
    a.io(o.nesterov);
  }
  template <class Archive>
  static void serialize_settings(Archive& a, Adam& o) {
    a.io(o.lr);
    a.io(o.beta1);
    a.io(o.beta2);
    a.io(o.eps);
  }
  template <class Archive>
  static void serialize_settings(Archive& a, RMSProp& o) {
    a.io(o.lr);
    a.io(o.alpha);
    a.io(o.eps);
  }

  Optimizer settings_ = Adam{};
  Vector first_, second_;
  long steps_ = 0;
};

}  // namespace gantk
