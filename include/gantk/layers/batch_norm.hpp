// BatchNorm<>: 1-d batch normalisation (Ioffe & Szegedy 2015) with train and eval modes.
#pragma once

#include <cmath>

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
    Vector inv_s = Vector(Width);   // 1/s per feature
    Vector scratch_a = Vector(Width), scratch_b = Vector(Width), scratch_c = Vector(Width),
           scratch_d = Vector(Width), scratch_e = Vector(Width), scratch_f = Vector(Width);
    Matrix ju;                      // J·u workspace for the second-order pass
    Mode mode = Mode::Train;
    void resize(Index n) {
      xhat.resize(Width, n);
      ju.resize(Width, n);
    }
  };

  static const T* gamma(const T* p) { return p; }
  static const T* beta(const T* p) { return p + Width; }

  void init(T* p, T* s, Rng&) const {
    for (int i = 0; i < Width; ++i) p[i] = T(1), p[Width + i] = T(0), s[i] = T(0), s[Width + i] = T(1);
  }

  void forward(const T* p, T* s, CView x, View y, Cache& c, const Pass& pass) const {
    const Index n = x.cols();
    c.mode = pass.mode;
    T* mean = c.scratch_a.data();
    T* inv = c.inv_s.data();
    if (pass.mode == Mode::Train) {
      GANTK_CHECK(n > 1, "BatchNorm in train mode needs a batch of at least 2, got ", n);
      B::row_means(mean, x);
      B::map_rows(B::view(c.xhat), [mean](Index i, T v) { return v - mean[i]; }, x);
      B::row_dots(inv, B::cview(c.xhat), B::cview(c.xhat));
      const T eps = epsilon, mom = momentum;
      for (int i = 0; i < Width; ++i) {
        const T var = inv[i] / T(n);
        s[i] = (T(1) - mom) * s[i] + mom * mean[i];
        s[Width + i] = (T(1) - mom) * s[Width + i] + mom * var * T(n) / T(n - 1);
        inv[i] = T(1) / std::sqrt(var + eps);
      }
      B::map_rows(B::view(c.xhat), [inv](Index i, T v) { return v * inv[i]; }, B::cview(c.xhat));
    } else {
      for (int i = 0; i < Width; ++i) inv[i] = T(1) / std::sqrt(s[Width + i] + epsilon);
      const T* rm = s;
      B::map_rows(B::view(c.xhat), [rm, inv](Index i, T v) { return (v - rm[i]) * inv[i]; }, x);
    }
    const T* g = gamma(p);
    const T* b = beta(p);
    B::map_rows(y, [g, b](Index i, T v) { return g[i] * v + b[i]; }, B::cview(c.xhat));
  }

  void backward(const T* p, CView, CView, CView dy, View dx, T* dp, Cache& c) const {
    if (dp) {
      Vector& tmp = c.scratch_b;
      B::row_dots(tmp.data(), dy, B::cview(c.xhat));
      for (int i = 0; i < Width; ++i) dp[i] += tmp[i];
      B::add_row_sums(dp + Width, dy);
    }
    if (!B::present(dx)) return;
    const T* g = gamma(p);
    const T* inv = c.inv_s.data();
    if (c.mode == Mode::Eval) {
      B::map_rows(dx, [g, inv](Index i, T v) { return g[i] * inv[i] * v; }, dy);
      return;
    }
    // dx = J (γ dy), J u = (u − mean(u) − x̂ mean(x̂ u)) / s
    apply_j(c, dx, dy, g);
  }

  // ẏ = γ J ẋ + γ̇ x̂ + β̇
  void tangent_forward(const T* p, const T* pd, CView, CView, CView xd, View yd, Cache& c) const {
    const T* g = gamma(p);
    if (B::present(xd)) {
      if (c.mode == Mode::Train) {
        apply_j(c, yd, xd, nullptr);
        B::map_rows(yd, [g](Index i, T v) { return g[i] * v; }, B::cview(yd.data(), yd.rows(), yd.cols()));
      } else {
        const T* inv = c.inv_s.data();
        B::map_rows(yd, [g, inv](Index i, T v) { return g[i] * inv[i] * v; }, xd);
      }
    } else {
      B::fill(yd, T(0));
    }
    if (pd) {
      const T* gd = gamma(pd);
      const T* bd = beta(pd);
      // (a view of yd itself: B::cview(yd) would convert the map into a temporary matrix, allocating)
      B::map_rows(yd, [gd, bd](Index i, T v, T xh) { return v + gd[i] * xh + bd[i]; },
                  B::cview(yd.data(), yd.rows(), yd.cols()), B::cview(c.xhat));
    }
  }

  bool tangent_backward(const T* p, const T* pd, CView, CView, CView xd, CView yb, CView ydb, View xb, View xdb, T* dp,
                        Cache& c) const {
    const T* g = gamma(p);
    const T* inv = c.inv_s.data();
    const bool train = c.mode == Mode::Train;
    const bool has_xd = B::present(xd), has_yb = B::present(yb);
    // Parameter adjoints: γ̄ += Σ ȳ x̂ + Σ ẏ̄ (J ẋ),  β̄ += Σ ȳ
    if (dp) {
      Vector& tmp = c.scratch_b;
      if (has_yb) {
        B::row_dots(tmp.data(), yb, B::cview(c.xhat));
        for (int i = 0; i < Width; ++i) dp[i] += tmp[i];
        B::add_row_sums(dp + Width, yb);
      }
      if (has_xd) {
        View jxd = B::view(c.ju);
        if (train) apply_j(c, jxd, xd, nullptr);
        else B::map_rows(jxd, [inv](Index i, T v) { return inv[i] * v; }, xd);
        B::row_dots(tmp.data(), ydb, B::cview(c.ju));
        for (int i = 0; i < Width; ++i) dp[i] += tmp[i];
      }
    }
    // ẋ̄ = J (γ ẏ̄)
    if (B::present(xdb)) {
      if (train) apply_j(c, xdb, ydb, g);
      else B::map_rows(xdb, [g, inv](Index i, T v) { return g[i] * inv[i] * v; }, ydb);
    }
    // a = γ ȳ + γ̇ ẏ̄ is the adjoint reaching x̂ from ⟨ȳ, y⟩ and ⟨ẏ̄, γ̇ x̂⟩
    const T* gd = pd ? gamma(pd) : nullptr;
    const bool has_a = has_yb || gd;
    const bool curvature = train && has_xd;
    if (!has_a && !curvature) return false;
    if (has_a) {
      if (has_yb && gd) B::map_rows(xb, [g, gd](Index i, T a, T b) { return g[i] * a + gd[i] * b; }, yb, ydb);
      else if (has_yb) B::map_rows(xb, [g](Index i, T a) { return g[i] * a; }, yb);
      else B::map_rows(xb, [gd](Index i, T b) { return gd[i] * b; }, ydb);
      if (train) apply_j(c, xb, B::cview(xb.data(), xb.rows(), xb.cols()), nullptr);
      else B::map_rows(xb, [inv](Index i, T v) { return inv[i] * v; }, B::cview(xb.data(), xb.rows(), xb.cols()));
    } else {
      B::fill(xb, T(0));
    }
    if (curvature) add_curvature(c, xb, xd, ydb, g);
    return true;
  }

 private:
  // out = J (scale ∘ u) with J u = (u − mean(u) − x̂ mean(x̂ u)) / s; out may alias u.
  static void apply_j(Cache& c, View out, CView u, const T* scale) {
    const Index n = u.cols();
    T* mu = c.scratch_c.data();
    T* mxu = c.scratch_d.data();
    const T* inv = c.inv_s.data();
    B::row_means(mu, u);
    B::row_dots(mxu, B::cview(c.xhat), u);
    for (int i = 0; i < Width; ++i) mxu[i] /= T(n);
    if (scale) {
      for (int i = 0; i < Width; ++i) mu[i] *= scale[i], mxu[i] *= scale[i];
      B::map_rows(out, [scale, mu, mxu, inv](Index i, T v, T xh) { return (scale[i] * v - mu[i] - xh * mxu[i]) * inv[i]; },
                  u, B::cview(c.xhat));
    } else {
      B::map_rows(out, [mu, mxu, inv](Index i, T v, T xh) { return (v - mu[i] - xh * mxu[i]) * inv[i]; }, u,
                  B::cview(c.xhat));
    }
  }

  // x̄ += ∂ₓ⟨u, J(x) ẋ⟩ with u = γ ẏ̄:
  //   = −(mean(u ẋ) − mean(u) mean(ẋ) − r q) / s² · x̂ − (q J u + r J ẋ) / s,
  //   q = mean(x̂ ẋ), r = mean(x̂ u).
  static void add_curvature(Cache& c, View xb, CView xd, CView ydb, const T* g) {
    const Index n = xd.cols();
    const T* inv = c.inv_s.data();
    Vector& q = c.scratch_a;
    Vector& r = c.scratch_b;
    Vector& uxd = c.scratch_c;
    Vector& coef = c.scratch_d;
    B::row_dots(q.data(), B::cview(c.xhat), xd);
    B::row_dots(r.data(), B::cview(c.xhat), ydb);
    B::row_dots(uxd.data(), ydb, xd);
    Vector& mxd = c.scratch_e;
    Vector& mu = c.scratch_f;
    B::row_means(mxd.data(), xd);
    B::row_means(mu.data(), ydb);
    for (int i = 0; i < Width; ++i) {
      q[i] /= T(n);
      r[i] = g[i] * r[i] / T(n);
      const T m_uxd = g[i] * uxd[i] / T(n);
      coef[i] = (m_uxd - g[i] * mu[i] * mxd[i] - r[i] * q[i]) * inv[i] * inv[i];
      mu[i] *= g[i];
    }
    // J u and J ẋ without a second workspace: J v = (v − mean v − x̂ mean(x̂ v)) / s, with
    // mean(x̂ u) = r and mean(x̂ ẋ) = q already known.
    const T* qq = q.data();
    const T* rr = r.data();
    const T* cc = coef.data();
    const T* mup = mu.data();
    const T* mxdp = mxd.data();
    B::map_rows(
        xb,
        [=](Index i, T cur, T xh, T ub, T xdv) {
          const T u = g[i] * ub;
          const T ju = (u - mup[i] - xh * rr[i]) * inv[i];
          const T jxd = (xdv - mxdp[i] - xh * qq[i]) * inv[i];
          return cur - cc[i] * xh - (qq[i] * ju + rr[i] * jxd) * inv[i];
        },
        B::cview(xb.data(), xb.rows(), xb.cols()), B::cview(c.xhat), ydb, xd);
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
