// DRAGANPenalty: the gradient penalty of DRAGAN (Kodali, Abernethy, Hays & Kira 2017, "On
// Convergence and Stability of GANs").
#pragma once

#include <cmath>
#include <type_traits>
#include <utility>

#include <gantk/strategies/loss_terms/input_gradient_penalty.hpp>

namespace gantk {

/// Penalises sharp gradients of D in a neighbourhood of the real data, where the paper finds the
/// sharp local equilibria behind mode collapse. The real batch (as D sees it, data_width ×
/// batch) is perturbed element by element,
///     x̃_ij = x_ij + c · σ_i · u_ij,   u_ij ~ U[0, 1),
/// with σ_i the standard deviation of feature i over the real batch (population form), and D's
/// objective gains λ · E_j (‖∇ₓD(x̃_j)‖ − 1)² (x̃_j packed as D sees it under PacGAN).
/// Our choice of σ: per feature, so features on different scales are perturbed in proportion;
/// the authors' code uses one standard deviation over all elements of the batch (the same for
/// data whose features share a scale, like the 2-d mixtures), and additionally shrinks each
/// perturbation by a random factor in [0, 1). The gradient is exact (second order).
struct DRAGANPenalty : detail::InputGradientPenaltySpec {
  template <class Gan>
  using bind = detail::InputGradientPenaltyOn<Gan, DRAGANPenalty>;

  double lambda = 10.0;  ///< λ (the paper's 10)
  double c = 0.5;        ///< perturbation scale in standard deviations (the authors' code: 0.5)

  // ---- the penalty's part of InputGradientPenaltyOn's contract ----
  void check_settings() const {
    detail::check_weight("DRAGANPenalty", "lambda", lambda);
    GANTK_CHECK(c > 0 && std::isfinite(c), "DRAGANPenalty: c (the perturbation scale) must be positive, got ", c);
  }
  bool active() const { return lambda > 0; }
  std::pair<double, double> term(double s) const { return detail::unit_norm_term(lambda, s, false); }

  template <class Gan>
  static void size(detail::InputGradientBuffers<Gan>& b, Index n) {
    b.own_points(n);
    b.coef.resize(Gan::data_width, 1);
  }

  /// x̃ = x + c·σ·u on the real samples as D sees them, and D's pass there on the penalty's tape.
  template <class Step, class Buffers>
  auto& pass_at_points(Step& step, Buffers& b, Rng& rng) const {
    using T = typename Step::T;
    using B = typename Step::B;
    const auto x = step.d_real_input();  // unpacked: one sample per column
    const auto points = B::view(b.points.data(), Step::data_width, step.batch());
    const auto scale = B::view(b.coef);
    // σ of each feature over the batch (points serves as scratch for the squared deviations)
    B::row_means(scale, x);
    B::map_broadcast(points, [](T v, T mean) { return (v - mean) * (v - mean); }, x, B::cview(scale));
    B::row_means(scale, B::cview(points));
    const T k = static_cast<T>(c);
    B::map(scale, [k](T var) { return k * std::sqrt(var); }, B::cview(scale));
    B::fill_uniform(points, rng, T(0), T(1));
    B::map_broadcast(points, [](T v, T s, T u) { return v + s * u; }, x, B::cview(scale), B::cview(points));
    step.d_forward(B::cview(b.points), b.tape);
    return b.tape;
  }
};

}  // namespace gantk
