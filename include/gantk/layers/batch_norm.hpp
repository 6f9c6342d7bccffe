// BatchNorm<>: 1-d batch normalisation (Ioffe & Szegedy 2015) with train and eval modes.
#pragma once

#include <cmath>

#include <gantk/foundation/error.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

/// Per feature: y = γ (x − μ)/s + β. In Train mode μ and s = √(σ² + ε) are the batch's own
/// statistics (so samples in a batch interact) and the running estimates move by `momentum`; in
/// Eval mode the running estimates are used and the layer is affine.
/// Parameters: γ (Width, starts at 1), β (Width). State: running mean, running variance.
template <class B, int Width, int Declared = 0>
struct BatchNormLayer {
  static_assert(Declared == 0 || Declared == Width,
                "BatchNorm<W> follows a layer whose output width is not W (BatchNormLayer<Backend, actual width, W> "
                "in the instantiation names both)");
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Vector = typename B::Vector;
  using Matrix = typename B::Matrix;
  static constexpr int in_width = Width;
  static constexpr int out_width = Width;
  static constexpr Index param_count = 2 * Index(Width);
  static constexpr Index state_count = 2 * Index(Width);

  T epsilon = T(1e-5);
  T momentum = T(0.1);

  struct Cache {
    Matrix xhat;                    // normalised input
    Vector inv_s = Vector(Width);   // 1/s per feature (n·σ² while the statistics are gathered)
    Vector scratch_a = Vector(Width), scratch_b = Vector(Width), scratch_c = Vector(Width),
           scratch_d = Vector(Width), scratch_e = Vector(Width), scratch_f = Vector(Width);
    Matrix ju;                      // J·u workspace for the second-order pass
    Mode mode = Mode::Train;
    void resize(Index n) {
      xhat.resize(Width, n);
      ju.resize(Width, n);
    }
  };

  static CView gamma(const T* p) { return B::cview(p, Width, 1); }
  static CView beta(const T* p) { return B::cview(p + Width, Width, 1); }

  // Initialisation runs on host memory (a device backend uploads afterwards).
  void init(T* p, T* s, Rng&) const {
    for (int i = 0; i < Width; ++i) p[i] = T(1), p[Width + i] = T(0), s[i] = T(0), s[Width + i] = T(1);
  }

  void forward(const T* p, T* s, CView x, View y, Cache& c, const Pass& pass) const {
    const Index n = x.cols();
    c.mode = pass.mode;
    const View mean = B::view(c.scratch_a), inv = B::view(c.inv_s), xhat = B::view(c.xhat);
    const T eps = epsilon;
    if (pass.mode == Mode::Train) {
      GANTK_CHECK(n > 1, "BatchNorm in train mode needs a batch of at least 2, got ", n);
      const T nn = T(n), mom = momentum;
      B::row_means(mean, x);
      B::map_broadcast(xhat, [](T v, T m) { return v - m; }, x, B::cview(mean));
      B::row_dots(inv, B::cview(xhat), B::cview(xhat));  // n·σ² for now
      const View running_mean = B::view(s, Width, 1), running_var = B::view(s + Width, Width, 1);
      B::map(running_mean, [mom](T r, T m) { return (T(1) - mom) * r + mom * m; }, B::cview(running_mean),
             B::cview(mean));
      B::map(running_var, [mom, nn](T r, T ss) { return (T(1) - mom) * r + mom * (ss / nn) * nn / (nn - T(1)); },
             B::cview(running_var), B::cview(inv));
      B::map(inv, [nn, eps](T ss) { return T(1) / std::sqrt(ss / nn + eps); }, B::cview(inv));
      B::map_broadcast(xhat, [](T v, T i) { return v * i; }, B::cview(xhat), B::cview(inv));
    } else {
      B::map(inv, [eps](T var) { return T(1) / std::sqrt(var + eps); }, B::cview(s + Width, Width, 1));
      B::map_broadcast(xhat, [](T v, T m, T i) { return (v - m) * i; }, x, B::cview(s, Width, 1), B::cview(inv));
    }
    B::map_broadcast(y, [](T v, T g, T b) { return g * v + b; }, B::cview(xhat), gamma(p), beta(p));
  }

  void backward(const T* p, CView, CView, CView dy, View dx, T* dp, Cache& c) const {
    if (dp) add_param_grads(c, dp, dy);
    if (!B::present(dx)) return;
    if (c.mode == Mode::Eval) {
      B::map_broadcast(dx, [](T v, T g, T i) { return g * i * v; }, dy, gamma(p), B::cview(c.inv_s));
      return;
    }
    // dx = J (γ dy), J u = (u − mean(u) − x̂ mean(x̂ u)) / s
    apply_j(c, dx, dy, gamma(p));
  }

  // ẏ = γ J ẋ + γ̇ x̂ + β̇
  void tangent_forward(const T* p, const T* pd, CView, CView, CView xd, View yd, Cache& c) const {
    if (B::present(xd)) {
      if (c.mode == Mode::Train) {
        apply_j(c, yd, xd, B::cnone());
        B::map_broadcast(yd, [](T v, T g) { return g * v; }, B::cview(yd), gamma(p));
      } else {
        B::map_broadcast(yd, [](T v, T g, T i) { return g * i * v; }, xd, gamma(p), B::cview(c.inv_s));
      }
    } else {
      B::fill(yd, T(0));
    }
    if (pd)
      B::map_broadcast(yd, [](T v, T xh, T gd, T bd) { return v + gd * xh + bd; }, B::cview(yd), B::cview(c.xhat),
                       gamma(pd), beta(pd));
  }

  bool tangent_backward(const T* p, const T* pd, CView, CView, CView xd, CView yb, CView ydb, View xb, View xdb, T* dp,
                        Cache& c) const {
    const CView g = gamma(p), inv = B::cview(c.inv_s);
    const bool train = c.mode == Mode::Train;
    const bool has_xd = B::present(xd), has_yb = B::present(yb);
    // Parameter adjoints: γ̄ += Σ ȳ x̂ + Σ ẏ̄ (J ẋ),  β̄ += Σ ȳ
    if (dp) {
      if (has_yb) add_param_grads(c, dp, yb);
      if (has_xd) {
        const View jxd = B::view(c.ju);
        if (train) apply_j(c, jxd, xd, B::cnone());
        else B::map_broadcast(jxd, [](T v, T i) { return i * v; }, xd, inv);
        B::row_dots(B::view(c.scratch_b), ydb, B::cview(c.ju));
        B::axpy(T(1), B::cview(c.scratch_b), B::view(dp, Width, 1));
      }
    }
    // ẋ̄ = J (γ ẏ̄)
    if (B::present(xdb)) {
      if (train) apply_j(c, xdb, ydb, g);
      else B::map_broadcast(xdb, [](T v, T gi, T i) { return gi * i * v; }, ydb, g, inv);
    }
    // a = γ ȳ + γ̇ ẏ̄ is the adjoint reaching x̂ from ⟨ȳ, y⟩ and ⟨ẏ̄, γ̇ x̂⟩
    const bool has_a = has_yb || pd;
    const bool curvature = train && has_xd;
    if (!has_a && !curvature) return false;
    if (has_a) {
      if (has_yb && pd)
        B::map_broadcast(xb, [](T a, T b, T gi, T gdi) { return gi * a + gdi * b; }, yb, ydb, g, gamma(pd));
      else if (has_yb) B::map_broadcast(xb, [](T a, T gi) { return gi * a; }, yb, g);
      else B::map_broadcast(xb, [](T b, T gdi) { return gdi * b; }, ydb, gamma(pd));
      if (train) apply_j(c, xb, B::cview(xb), B::cnone());
      else B::map_broadcast(xb, [](T v, T i) { return i * v; }, B::cview(xb), inv);
    } else {
      B::fill(xb, T(0));
    }
    if (curvature) add_curvature(c, xb, xd, ydb, g);
    return true;
  }

 private:
  // γ̄ += Σ ȳ x̂, β̄ += Σ ȳ
  static void add_param_grads(Cache& c, T* dp, CView yb) {
    B::row_dots(B::view(c.scratch_b), yb, B::cview(c.xhat));
    B::axpy(T(1), B::cview(c.scratch_b), B::view(dp, Width, 1));
    B::add_row_sums(B::view(dp + Width, Width, 1), yb);
  }

  // out = J (scale ∘ u) with J u = (u − mean(u) − x̂ mean(x̂ u)) / s; out may alias u; scale
  // may be none (1).
  static void apply_j(Cache& c, View out, CView u, CView scale) {
    const T nn = T(u.cols());
    const View mu = B::view(c.scratch_c), mxu = B::view(c.scratch_d);
    B::row_means(mu, u);
    B::row_dots(mxu, B::cview(c.xhat), u);
    B::map(mxu, [nn](T v) { return v / nn; }, B::cview(mxu));
    if (B::present(scale)) {
      B::map(mu, [](T m, T sc) { return m * sc; }, B::cview(mu), scale);
      B::map(mxu, [](T m, T sc) { return m * sc; }, B::cview(mxu), scale);
      B::map_broadcast(out, [](T v, T xh, T sc, T m, T mx, T i) { return (sc * v - m - xh * mx) * i; }, u,
                       B::cview(c.xhat), scale, B::cview(mu), B::cview(mxu), B::cview(c.inv_s));
    } else {
      B::map_broadcast(out, [](T v, T xh, T m, T mx, T i) { return (v - m - xh * mx) * i; }, u, B::cview(c.xhat),
                       B::cview(mu), B::cview(mxu), B::cview(c.inv_s));
    }
  }

  // x̄ += ∂ₓ⟨u, J(x) ẋ⟩ with u = γ ẏ̄:
  //   = −(mean(u ẋ) − mean(u) mean(ẋ) − r q) / s² · x̂ − (q J u + r J ẋ) / s,
  //   q = mean(x̂ ẋ), r = mean(x̂ u).
  static void add_curvature(Cache& c, View xb, CView xd, CView ydb, CView g) {
    const T nn = T(xd.cols());
    const View q = B::view(c.scratch_a), r = B::view(c.scratch_b), uxd = B::view(c.scratch_c),
               coef = B::view(c.scratch_d), mxd = B::view(c.scratch_e), mu = B::view(c.scratch_f);
    const CView inv = B::cview(c.inv_s);
    B::row_dots(q, B::cview(c.xhat), xd);
    B::row_dots(r, B::cview(c.xhat), ydb);
    B::row_dots(uxd, ydb, xd);
    B::row_means(mxd, xd);
    B::row_means(mu, ydb);
    B::map(q, [nn](T v) { return v / nn; }, B::cview(q));
    B::map(r, [nn](T v, T gi) { return gi * v / nn; }, B::cview(r), g);
    B::map(
        coef,
        [nn](T ux, T gi, T m, T mx, T rr, T qq, T i) { return (gi * ux / nn - gi * m * mx - rr * qq) * i * i; },
        B::cview(uxd), g, B::cview(mu), B::cview(mxd), B::cview(r), B::cview(q), inv);
    B::map(mu, [](T m, T gi) { return m * gi; }, B::cview(mu), g);
    // J u and J ẋ without a second workspace: J v = (v − mean v − x̂ mean(x̂ v)) / s, with
    // mean(x̂ u) = r and mean(x̂ ẋ) = q already known.
    B::map_broadcast(
        xb,
        [](T cur, T xh, T ub, T xdv, T gi, T m, T rr, T i, T mx, T qq, T cc) {
          const T u = gi * ub;
          const T ju = (u - m - xh * rr) * i;
          const T jxd = (xdv - mx - xh * qq) * i;
          return cur - cc * xh - (qq * ju + rr * jxd) * i;
        },
        B::cview(xb), B::cview(c.xhat), ydb, xd, g, B::cview(mu), B::cview(r), inv, B::cview(mxd), B::cview(q),
        B::cview(coef));
  }
};

/// 1-d batch normalisation spec. BatchNorm<> takes the width of the layer before; BatchNorm<W>
/// also checks at compile time that this width is W.
template <int W = 0>
struct BatchNorm {
  static_assert(W >= 0, "BatchNorm<W>: W must be positive (or 0 to take the width of the layer before)");
  template <class B, int In>
  using bind = BatchNormLayer<B, In, W>;
};

}  // namespace gantk
