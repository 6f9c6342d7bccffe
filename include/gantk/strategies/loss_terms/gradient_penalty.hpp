// GradientPenalty: WGAN-GP (Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville 2017, "Improved
// Training of Wasserstein GANs").
#pragma once

#include <type_traits>
#include <utility>

#include <gantk/training/run_types.hpp>
#include <gantk/losses/wasserstein_loss.hpp>
#include <gantk/strategies/loss_terms/input_gradient_penalty.hpp>

namespace gantk {

/// Keeps D close to 1-Lipschitz along the lines between real and fake samples: per (packed)
/// sample j, x̂_j = ε_j x_j + (1 − ε_j) x̃_j with ε_j ~ U[0, 1), and D's objective gains
///     λ · E_j (‖∇ₓD(x̂_j)‖ − 1)²       (one_sided: λ · E_j max(0, ‖∇ₓD(x̂_j)‖ − 1)²)
/// x_j and x̃_j are what D sees (after PacGAN packing, instance noise, ...). The gradient with
/// respect to D's parameters is exact (second order through D's layers, no finite differences);
/// every layer of D must provide the second-order passes, otherwise the GAN does not compile.
///
/// Suggestions: with WassersteinLoss, the paper's Adam(lr 1e-4, β₁ 0, β₂ 0.9) for both networks
/// and n_critic 5. With any other loss nothing is suggested (the penalty is then a regulariser
/// of a GAN that trains with one D step per G step). GAN::Config overrides either way.
struct GradientPenalty : detail::InputGradientPenaltySpec {
  template <class Gan>
  using bind = detail::InputGradientPenaltyOn<Gan, GradientPenalty>;

  double lambda = 10.0;    ///< λ, the penalty's weight (the paper's 10)
  bool one_sided = false;  ///< penalise only gradients longer than 1 (the paper's appendix variant)

  template <class Loss>
  void suggest(TrainingSettings& s, const Loss&) const {
    if constexpr (std::is_same_v<Loss, WassersteinLoss>) {
      s.g_optimizer = Adam{.lr = 1e-4, .beta1 = 0.0, .beta2 = 0.9};
      s.d_optimizer = Adam{.lr = 1e-4, .beta1 = 0.0, .beta2 = 0.9};
      s.n_critic = 5;
    }
  }

  // ---- the penalty's part of InputGradientPenaltyOn's contract ----
  void check_settings() const { detail::check_weight("GradientPenalty", "lambda", lambda); }
  bool active() const { return lambda > 0; }
  std::pair<double, double> term(double s) const { return detail::unit_norm_term(lambda, s, one_sided); }

  template <class Gan>
  static void size(detail::InputGradientBuffers<Gan>& b, Index n) {
    b.own_points(n);
    b.weights.resize(static_cast<std::size_t>(n));
  }

  /// x̂_j = ε_j x_j + (1 − ε_j) x̃_j on D's packed inputs, and D's pass there on the penalty's tape.
  template <class Step, class Buffers>
  auto& pass_at_points(Step& step, Buffers& b, Rng& rng) const {
    using T = typename Step::T;
    using B = typename Step::B;
    const auto real = step.packed_d_real_input();
    const auto fake = step.packed_d_fake_input();
    const Index n = b.points.cols();
    rng.fill_uniform(b.weights.data(), n, T(0), T(1));
    for (Index j = 0; j < n; ++j) {
      const T e = b.weights[static_cast<std::size_t>(j)];
      B::map(B::columns(B::view(b.points), j, 1), [e](T r, T f) { return e * r + (T(1) - e) * f; },
             B::columns(real, j, 1), B::columns(fake, j, 1));
    }
    step.d_forward(B::cview(b.points), b.tape);
    return b.tape;
  }
};

}  // namespace gantk
