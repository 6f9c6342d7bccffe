// SpectralDense<N>: a dense layer whose weight is divided by its largest singular value, estimated
// by power iteration (Miyato et al. 2018, "Spectral Normalization for GANs").
//
// Bounding every layer's spectral norm makes the discriminator Lipschitz, which keeps its
// gradients informative for the generator instead of saturating on the modes it has found.
#pragma once

#include <cmath>

#include <gantk/foundation/error.hpp>
#include <gantk/layers/init.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

/// Who advances the power iteration of a SpectralDense layer.
enum class PowerIteration {
  EachTrainForward,  ///< the layer itself, once per Train-mode forward pass (as PyTorch's spectral_norm)
  External           ///< a strategy, through power_iteration() (gantk::SpectralNorm: once per D update)
};

/// The bound layer: y = W x / σ + b with σ = uᵀ W v, where u (Out) and v (In) are layer *state*
/// refined by one power-iteration step v ← Wᵀu/‖Wᵀu‖, u ← W v/‖W v‖ (so σ ≈ ‖W‖₂).
/// Derivatives hold u and v fixed, as the paper does (∂σ/∂W = u vᵀ); with them fixed y is an
/// exact smooth function of (x, W, b), and the second-order passes below are its exact ones.
/// Parameters: W (Out × In, column-major), b (Out). State: u (Out), then v (In).
template <class B, int In, int Out, class Init, PowerIteration Iteration>
struct SpectralDenseLayer {
  static_assert(In > 0 && Out > 0, "SpectralDense: widths must be positive");
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Matrix = typename B::Matrix;
  using Vector = typename B::Vector;
  static constexpr int in_width = In;
  static constexpr int out_width = Out;
  static constexpr Index weight_count = Index(In) * Out;
  static constexpr Index param_count = weight_count + Out;
  static constexpr Index state_count = Index(Out) + In;
  static constexpr PowerIteration iteration = Iteration;

  struct Cache {
    Matrix z;     // W x
    Matrix zdot;  // Ẇ x + W ẋ
    Matrix zbar;  // adjoint of z
    Vector u = Vector(Out), v = Vector(In);  // the vectors this pass used
    T sigma = T(1), sigma_dot = T(0);
    void resize(Index n) {
      z.resize(Out, n);
      zdot.resize(Out, n);
      zbar.resize(Out, n);
    }
  };

  static CView weight(const T* p) { return B::cview(p, Out, In); }
  static const T* bias(const T* p) { return p + weight_count; }
  static CView bias_view(const T* p) { return B::cview(p + weight_count, Out, 1); }

  void init(T* p, T* s, Rng& rng) const {
    Init::fill(p, weight_count, In, Out, rng);
    B::fill(B::view(p + weight_count, Out, 1), T(0));
    rng.fill_normal(s, Out, T(0), T(1));
    power_iteration(p, s);  // σ > 0 from the first pass on
  }

  /// One power-iteration step on the state s (u, v) for the weight in p.
  static void power_iteration(const T* p, T* s) {
    const CView w = weight(p);
    View u = B::view(s, Out, 1), v = B::view(s + Out, In, 1);
    B::gemm(T(1), w, Op::T, B::cview(s, Out, 1), Op::N, T(0), v);
    normalize(v);
    B::gemm(T(1), w, Op::N, B::cview(s + Out, In, 1), Op::N, T(0), u);
    normalize(u);
  }

  /// σ = uᵀ W v for the state s.
  static T sigma(const T* p, const T* s) {
    return B::bilinear(B::cview(s, Out, 1), weight(p), B::cview(s + Out, In, 1));
  }

  void forward(const T* p, T* s, CView x, View y, Cache& c, const Pass& pass) const {
    if (Iteration == PowerIteration::EachTrainForward && pass.mode == Mode::Train) power_iteration(p, s);
    B::copy(B::view(c.u), B::cview(s, Out, 1));
    B::copy(B::view(c.v), B::cview(s + Out, In, 1));
    c.sigma = sigma(p, s);
    GANTK_CHECK(std::isfinite(c.sigma) && c.sigma > T(0), "SpectralDense: the spectral-norm estimate σ = ", c.sigma,
                " is not positive and finite (the weights may have diverged)");
    B::gemm(T(1), weight(p), Op::N, x, Op::N, T(0), B::view(c.z));
    const T inv = T(1) / c.sigma;
    B::map_broadcast(y, [inv](T z, T b) { return z * inv + b; }, B::cview(c.z), bias_view(p));
  }

  // x̄ = Wᵀȳ/σ,  W̄ += ȳxᵀ/σ − (⟨ȳ, z⟩/σ²) u vᵀ,  b̄ += Σ ȳ
  void backward(const T* p, CView x, CView, CView dy, View dx, T* dp, Cache& c) const {
    const T inv = T(1) / c.sigma;
    if (dp) {
      View dw = B::view(dp, Out, In);
      B::gemm(inv, dy, Op::N, x, Op::T, T(1), dw);
      add_uv(c, dw, -B::dot(dy, B::cview(c.z)) * inv * inv);
      B::add_row_sums(B::view(dp + weight_count, Out, 1), dy);
    }
    if (B::present(dx)) B::gemm(inv, weight(p), Op::T, dy, Op::N, T(0), dx);
  }

  // ż = W ẋ + Ẇ x,  σ̇ = uᵀẆv,  ẏ = ż/σ − z σ̇/σ² + ḃ
  void tangent_forward(const T* p, const T* pd, CView x, CView, CView xd, View yd, Cache& c) const {
    const bool has_xd = B::present(xd);
    c.sigma_dot = T(0);
    if (!has_xd && !pd) {
      B::fill(yd, T(0));
      B::fill(B::view(c.zdot), T(0));
      return;
    }
    if (has_xd) B::gemm(T(1), weight(p), Op::N, xd, Op::N, T(0), B::view(c.zdot));
    if (pd) {
      B::gemm(T(1), weight(pd), Op::N, x, Op::N, has_xd ? T(1) : T(0), B::view(c.zdot));
      c.sigma_dot = B::bilinear(B::cview(c.u), weight(pd), B::cview(c.v));
    }
    const T inv = T(1) / c.sigma, k = c.sigma_dot * inv * inv;
    if (pd)
      B::map_broadcast(yd, [inv, k](T zd, T z, T b) { return zd * inv - z * k + b; }, B::cview(c.zdot), B::cview(c.z),
                       bias_view(pd));
    else B::map(yd, [inv, k](T zd, T z) { return zd * inv - z * k; }, B::cview(c.zdot), B::cview(c.z));
  }

  // With α = ⟨ẏ̄, ż⟩, β = ⟨ẏ̄, z⟩, γ = ⟨ȳ, z⟩ the objective is γ/σ + α/σ − β σ̇/σ² (+ terms free of
  // x and W), so  z̄ = ȳ/σ − ẏ̄ σ̇/σ²,  ż̄ = ẏ̄/σ,  σ̄ = −(γ + α)/σ² + 2βσ̇/σ³, and
  //   x̄ = Wᵀz̄ + Ẇᵀż̄,  ẋ̄ = Wᵀż̄,  W̄ += z̄xᵀ + ż̄ẋᵀ + σ̄ u vᵀ,  b̄ += Σ ȳ.
  bool tangent_backward(const T* p, const T* pd, CView x, CView, CView xd, CView yb, CView ydb, View xb, View xdb,
                        T* dp, Cache& c) const {
    const bool has_yb = B::present(yb), has_xd = B::present(xd);
    const T inv = T(1) / c.sigma, sd = c.sigma_dot;
    if (B::present(xdb)) B::gemm(inv, weight(p), Op::T, ydb, Op::N, T(0), xdb);
    // z̄
    if (has_yb) B::map(B::view(c.zbar), [=](T a, T b) { return a * inv - b * sd * inv * inv; }, yb, ydb);
    else B::map(B::view(c.zbar), [=](T b) { return -b * sd * inv * inv; }, ydb);
    if (dp) {
      View dw = B::view(dp, Out, In);
      B::gemm(T(1), B::cview(c.zbar), Op::N, x, Op::T, T(1), dw);
      if (has_xd) B::gemm(inv, ydb, Op::N, xd, Op::T, T(1), dw);
      const T alpha = (has_xd || pd) ? B::dot(ydb, B::cview(c.zdot)) : T(0);
      const T beta = B::dot(ydb, B::cview(c.z));
      const T gamma = has_yb ? B::dot(yb, B::cview(c.z)) : T(0);
      add_uv(c, dw, -(gamma + alpha) * inv * inv + T(2) * beta * sd * inv * inv * inv);
      if (has_yb) B::add_row_sums(B::view(dp + weight_count, Out, 1), yb);
    }
    if (!has_yb && !pd) return false;  // then z̄ = 0 and Ẇ = 0
    B::gemm(T(1), weight(p), Op::T, B::cview(c.zbar), Op::N, T(0), xb);
    if (pd) B::gemm(inv, weight(pd), Op::T, ydb, Op::N, T(1), xb);
    return true;
  }

 private:
  static void normalize(View v) {
    const T norm = std::sqrt(B::dot(B::cview(v), B::cview(v)));
    const T k = T(1) / (norm + T(1e-12));
    B::map(v, [k](T x) { return x * k; }, B::cview(v));
  }

  // W̄ += k · u vᵀ
  static void add_uv(const Cache& c, View dw, T k) {
    B::gemm(k, B::cview(c.u), Op::N, B::cview(c.v), Op::T, T(1), dw);
  }
};

/// Spectrally normalised dense layer spec with N outputs (Miyato et al. 2018).
/// @tparam N          number of outputs
/// @tparam Init       weight initializer (biases start at zero)
/// @tparam Iteration  who advances the power iteration (see PowerIteration)
template <int N, class Init = init::XavierUniform, PowerIteration Iteration = PowerIteration::EachTrainForward>
struct SpectralDense {
  static_assert(N > 0, "SpectralDense<N>: N (the number of outputs) must be positive");
  static constexpr int width = N;
  template <class B, int In>
  using bind = SpectralDenseLayer<B, In, N, Init, Iteration>;
};

}  // namespace gantk
