// ClassProjection<K>: the output layer of the projection discriminator (Miyato & Koyama 2018,
// "cGANs with Projection Discriminator").
#pragma once

#include <gantk/layers/init.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

/// The bound layer: for features φ (F × batch) and the pass's condition c (K × batch, one-hot
/// class codes), y = wᵀφ + b + Σₖ cₖ eₖᵀφ: a linear head plus the inner product of φ with the
/// embedding e_y of the sample's class (the paper's ψ(φ(x)) + yᵀVφ(x)). With c' = [1; c] and
/// W' = [w | e₁ … e_K] (F × (K+1)) this is y = 1ᵀ(φ ⊙ W'c') + b, which is how it is computed.
/// Parameters: W' column-major, then b. The condition is data: nothing flows back into it.
template <class B, int F, int K, class Init>
struct ClassProjectionLayer {
  static_assert(F > 0 && K > 0, "ClassProjection: widths must be positive");
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Matrix = typename B::Matrix;
  static constexpr int in_width = F;
  static constexpr int out_width = 1;
  static constexpr Index weight_count = Index(F) * (K + 1);
  static constexpr Index param_count = weight_count + 1;
  static constexpr Index state_count = 0;

  struct Cache {
    Matrix code;   // c' = [1; c], (K+1) × n
    Matrix m;      // M = W'c', F × n: each sample's effective head weights
    Matrix m_dot;  // Ṁ = Ẇ'c'
    Matrix r, s;   // scratch, F × n
    Matrix ones = [] {
      Matrix o(F, 1);
      B::fill(B::view(o), T(1));
      return o;
    }();
    void resize(Index n) {
      code.resize(K + 1, n);
      m.resize(F, n);
      m_dot.resize(F, n);
      r.resize(F, n);
      s.resize(F, n);
    }
  };

  static CView weight(const T* p) { return B::cview(p, F, K + 1); }
  static CView bias_view(const T* p) { return B::cview(p + weight_count, 1, 1); }

  // the linear head and the class embeddings alike, as Dense<1> initialises its weights (fan-in F)
  void init(T* p, T*, Rng& rng) const {
    Init::fill(p, weight_count, F, 1, rng);
    p[weight_count] = T(0);
  }

  void forward(const T* p, T*, CView x, View y, Cache& c, const Pass& pass) const {
    const T* code = detail::pass_condition<T>(pass, K, x.cols(), "ClassProjection");
    const Index n = x.cols();
    B::fill_rows(B::view(c.code), 0, 1, T(1));
    B::copy_rows(B::view(c.code), 1, B::cview(code, K, n), 0, K);
    B::gemm(T(1), weight(p), Op::N, B::cview(c.code), Op::N, T(0), B::view(c.m));
    B::map(B::view(c.s), [](T a, T b) { return a * b; }, x, B::cview(c.m));
    column_sums(c, B::cview(c.s), y);
    B::add_bias(y, bias_view(p));
  }

  // dx = M ⊙ 1dyᵀ, dW' += (φ ⊙ 1dyᵀ) c'ᵀ, db += Σ dy
  void backward(const T*, CView x, CView, CView dy, View dx, T* dp, Cache& c) const {
    spread(c, dy, B::view(c.r));
    if (B::present(dx)) B::map(dx, [](T m, T r) { return m * r; }, B::cview(c.m), B::cview(c.r));
    if (dp) add_param_grads(c, x, dy, dp);
  }

  // ẏ = 1ᵀ(φ̇ ⊙ M + φ ⊙ Ṁ) + ḃ
  void tangent_forward(const T*, const T* pd, CView x, CView, CView xd, View yd, Cache& c) const {
    const bool has_xd = B::present(xd);
    if (!has_xd && !pd) {
      B::fill(yd, T(0));
      return;
    }
    if (has_xd) B::map(B::view(c.s), [](T a, T b) { return a * b; }, xd, B::cview(c.m));
    if (pd) {
      B::gemm(T(1), weight(pd), Op::N, B::cview(c.code), Op::N, T(0), B::view(c.m_dot));
      if (has_xd) B::map(B::view(c.s), [](T s, T a, T b) { return s + a * b; }, B::cview(c.s), x, B::cview(c.m_dot));
      else B::map(B::view(c.s), [](T a, T b) { return a * b; }, x, B::cview(c.m_dot));
    }
    column_sums(c, B::cview(c.s), yd);
    if (pd) B::add_bias(yd, bias_view(pd));
  }

  // x̄ = M ⊙ 1ȳᵀ + Ṁ ⊙ 1ẏ̄ᵀ, ẋ̄ = M ⊙ 1ẏ̄ᵀ, W̄' += (φ ⊙ 1ȳᵀ + φ̇ ⊙ 1ẏ̄ᵀ) c'ᵀ, b̄ += Σ ȳ
  bool tangent_backward(const T*, const T* pd, CView x, CView, CView xd, CView yb, CView ydb, View xb, View xdb,
                        T* dp, Cache& c) const {
    const bool has_yb = B::present(yb);
    if (has_yb) {
      spread(c, yb, B::view(c.r));
      B::map(xb, [](T m, T r) { return m * r; }, B::cview(c.m), B::cview(c.r));
      if (dp) add_param_grads(c, x, yb, dp);
    }
    spread(c, ydb, B::view(c.r));  // 1ẏ̄ᵀ
    if (B::present(xdb)) B::map(xdb, [](T m, T r) { return m * r; }, B::cview(c.m), B::cview(c.r));
    if (dp && B::present(xd)) {
      B::map(B::view(c.s), [](T a, T r) { return a * r; }, xd, B::cview(c.r));
      B::gemm(T(1), B::cview(c.s), Op::N, B::cview(c.code), Op::T, T(1), B::view(dp, F, K + 1));
    }
    if (pd) {
      B::gemm(T(1), weight(pd), Op::N, B::cview(c.code), Op::N, T(0), B::view(c.m_dot));
      if (has_yb)
        B::map(xb, [](T cur, T md, T r) { return cur + md * r; }, B::cview(xb), B::cview(c.m_dot), B::cview(c.r));
      else
        B::map(xb, [](T md, T r) { return md * r; }, B::cview(c.m_dot), B::cview(c.r));
    }
    return has_yb || pd;
  }

 private:
  // y (1 × n) = 1ᵀ s
  static void column_sums(const Cache& c, CView s, View y) { B::gemm(T(1), B::cview(c.ones), Op::T, s, Op::N, T(0), y); }
  // out (F × n) = 1 v, every row a copy of v (1 × n)
  static void spread(const Cache& c, CView v, View out) { B::gemm(T(1), B::cview(c.ones), Op::N, v, Op::N, T(0), out); }
  // W̄' += (x ⊙ r) c'ᵀ with r = 1dyᵀ already in c.r; b̄ += Σ dy
  static void add_param_grads(Cache& c, CView x, CView dy, T* dp) {
    B::map(B::view(c.s), [](T a, T r) { return a * r; }, x, B::cview(c.r));
    B::gemm(T(1), B::cview(c.s), Op::N, B::cview(c.code), Op::T, T(1), B::view(dp, F, K + 1));
    B::add_row_sums(B::view(dp + weight_count, 1, 1), dy);
  }
};

/// Layer spec: the projection discriminator's head (Miyato & Koyama 2018) for K classes, one
/// output: a linear head plus ⟨e_y, φ⟩ for the class y the pass's condition codes. It replaces
/// D's Dense<1> under Conditional<K, Conditioning::Projection>.
/// @tparam K     number of classes (rows of the condition)
/// @tparam Init  initializer of the head's weights and the class embeddings (bias starts at 0)
template <int K, class Init = init::XavierUniform>
struct ClassProjection {
  static_assert(K >= 1, "ClassProjection<K>: K (the number of classes) must be positive");
  template <class B, int In>
  using bind = ClassProjectionLayer<B, In, K, Init>;
};

}  // namespace gantk
