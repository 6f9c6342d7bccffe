// DRAGANPenalty: the gradient penalty of DRAGAN (Kodali, Abernethy, Hays & Kira 2017, "On
// Convergence and Stability of GANs").
#pragma once

#include <cmath>
#include <type_traits>
#include <utility>

#include <gantk/penalties/input_gradient_penalty.hpp>

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
struct DRAGANPenalty : detail::InputGradientPenalty<DRAGANPenalty> {
  double lambda = 10.0;  ///< λ (the paper's 10)
  double c = 0.5;        ///< perturbation scale in standard deviations (the authors' code: 0.5)

  // ---- the penalty's part of InputGradientPenalty's contract ----
  void check_settings() const {
    detail::check_weight("DRAGANPenalty", "lambda", lambda);
    GANTK_CHECK(c > 0 && std::isfinite(c), "DRAGANPenalty: c (the perturbation scale) must be positive, got ", c);
  }
  bool active() const { return lambda > 0; }
  std::pair<double, double> term(double s) const { return detail::unit_norm_term(lambda, s, false); }

  template <class Gan>
  void size(Gan&, detail::InputGradientBuffers<Gan>& b, Index n) const {
    b.points.resize(Gan::d_input_width, n);
    b.coef.resize(Gan::data_width, 1);
    b.tape.resize(n);
    reserve_tangents<typename Gan::DNet>(b.tape);
  }

  template <class Ctx, class Buffers>
  auto& pass_at_points(Ctx& ctx, Buffers& b, Rng& rng) const {
    using Gan = std::remove_reference_t<decltype(ctx.gan)>;
    using T = typename Gan::T;
    using B = typename Gan::B;
    const auto x = B::cview(ctx.d_real_input, Gan::data_width, ctx.batch);  // unpacked: one sample per column
    auto points = B::view(b.points.data(), Gan::data_width, ctx.batch);
    for (Index i = 0; i < x.rows(); ++i) {
      const T mean = x.row(i).mean();
      const T var = (x.row(i).array() - mean).square().mean();
      b.coef(i, 0) = static_cast<T>(c) * std::sqrt(var);
    }
    rng.fill_uniform(points.data(), points.size(), T(0), T(1));
    for (Index j = 0; j < x.cols(); ++j)
      for (Index i = 0; i < x.rows(); ++i) points(i, j) = x(i, j) + b.coef(i, 0) * points(i, j);
    auto& d = ctx.gan.discriminator();
    d.net.forward(d.params.data(), d.state.data(), B::cview(b.points), b.tape, ctx.gan.train_pass());
    return b.tape;
  }
};

}  // namespace gantk
