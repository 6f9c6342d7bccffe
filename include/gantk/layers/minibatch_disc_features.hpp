// MinibatchDiscFeatures<Kernels, KernelDim>: features that compare each sample with the rest of
// its batch (Salimans et al. 2016, "Improved Techniques for Training GANs", §3.2).
//
// A collapsed generator produces batches of near-identical samples; a discriminator that sees
// each sample alone cannot tell, one that sees how close a sample is to its batch-mates can.
#pragma once

#include <cmath>

#include <gantk/backend/flop_counter.hpp>
#include <gantk/layers/init.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

/// The bound layer. With M = W x (Kernels·KernelDim rows: kernel b owns rows b·C .. b·C+C−1):
///   c_b(i, j) = exp(−‖M_b(i) − M_b(j)‖₁),   o_b(i) = Σ_{j≠i} c_b(i, j) + bias_b,   y = [x; o].
/// The self-pair is left out (it would only add the constant 1). Like BatchNorm in train mode,
/// every sample's output depends on the whole batch, in Eval mode as well.
///
/// Second order: ‖·‖₁ is piecewise linear, so with σ = sign(M_b(i) − M_b(j)) (constant almost
/// everywhere) the curvature comes from the exponential alone; the passes below are exact
/// wherever no two samples share a coordinate of M.
/// Parameters: W (Kernels·KernelDim × In, column-major), then bias (Kernels).
template <class B, int In, int Kernels, int KernelDim, class Init>
struct MinibatchDiscFeaturesLayer {
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Matrix = typename B::Matrix;
  static constexpr int rows = Kernels * KernelDim;  // rows of M
  static constexpr int in_width = In;
  static constexpr int out_width = In + Kernels;
  static constexpr Index weight_count = Index(rows) * In;
  static constexpr Index param_count = weight_count + Kernels;
  static constexpr Index state_count = 0;

  struct Cache {
    Matrix m;       // M = W x (rows × n)
    Matrix c;       // c_b(i, j) for pairs i < j in order (0,1), (0,2), …, (1,2), …: Kernels × n(n−1)/2
    Matrix mdot;    // Ṁ (rows × n), from the tangent pass
    Matrix mbar;    // adjoint of M
    Matrix mdotbar; // adjoint of Ṁ
    // the pair kernels' copies, dimension-major (row k·Kernels + b holds M(b·KernelDim + k)), so
    // that the inner loops run over the kernels, contiguous, and vectorise; st gathers a scatter
    Matrix mt, mdott, st;
    bool has_tangent = false;
    void resize(Index n) {
      m.resize(rows, n);
      mt.resize(rows, n);
      mdott.resize(rows, n);
      st.resize(rows, n);
      c.resize(Kernels, n * (n - 1) / 2);
      mdot.resize(rows, n);
      mbar.resize(rows, n);
      mdotbar.resize(rows, n);
    }
  };

  static CView weight(const T* p) { return B::cview(p, rows, In); }
  static const T* bias(const T* p) { return p + weight_count; }

  void init(T* p, T*, Rng& rng) const {
    Init::fill(p, weight_count, In, rows, rng);
    B::fill(B::view(p + weight_count, Kernels, 1), T(0));
  }

  void forward(const T* p, T*, CView x, View y, Cache& c, const Pass&) const {
    const Index n = x.cols();
    B::gemm(T(1), weight(p), Op::N, x, Op::N, T(0), B::view(c.m));
    to_dimension_major(c.m, c.mt);
    // −‖M_b(i) − M_b(j)‖₁ for every pair, then one vectorised exponential over all of them
    for_each_pair(n, [&](Index i, Index j, Index pair) {
      const T* mi = c.mt.col(i).data();
      const T* mj = c.mt.col(j).data();
      T d[Kernels] = {};
      for (int k = 0; k < KernelDim; ++k)
        for (int b = 0; b < Kernels; ++b) d[b] += std::abs(mi[k * Kernels + b] - mj[k * Kernels + b]);
      T* cij = c.c.col(pair).data();
      for (int b = 0; b < Kernels; ++b) cij[b] = -d[b];
    });
    c.c.array() = c.c.array().exp();
    detail::count_flops(pairs(n) * (2.0 * rows + 3.0 * Kernels));  // |Δ| sums, exp, the two sums into o
    y.topRows(In) = x;
    auto o = y.bottomRows(Kernels);
    const T* b0 = bias(p);
    for (Index i = 0; i < n; ++i)
      for (int b = 0; b < Kernels; ++b) o(b, i) = b0[b];
    for_each_pair(n, [&](Index i, Index j, Index pair) {
      const T* cij = c.c.col(pair).data();
      for (int b = 0; b < Kernels; ++b) o(b, i) += cij[b], o(b, j) += cij[b];
    });
    c.has_tangent = false;
  }

  void backward(const T* p, CView x, CView, CView dy, View dx, T* dp, Cache& c) const {
    // ∂o_b(i)/∂M(i) and ∂o_b(j)/∂M(i) share c_b(i, j)·σ: M̄(i) −= (ō_b(i) + ō_b(j)) c_b(i, j) σ
    c.mbar.setZero();
    pair_scatter(c, [&](int b, Index i, Index j, const T*) { return dy(In + b, i) + dy(In + b, j); }, c.mbar, 1);
    if (dp) {
      B::gemm(T(1), B::cview(c.mbar), Op::N, x, Op::T, T(1), B::view(dp, rows, In));
      add_bias_grad(dp + weight_count, dy);
    }
    if (B::present(dx)) {
      B::gemm(T(1), weight(p), Op::T, B::cview(c.mbar), Op::N, T(0), dx);
      dx += dy.topRows(In);
    }
  }

  // ẏ = [ẋ; ȯ],  Ṁ = W ẋ + Ẇ x,  ȯ_b(i) = −Σ_{j≠i} c_b(i, j) ṡ_b(i, j) + ḃias_b,
  // ṡ_b(i, j) = Σ_k σ_k (Ṁ_k(i) − Ṁ_k(j)) over the kernel's rows k.
  void tangent_forward(const T* p, const T* pd, CView x, CView, CView xd, View yd, Cache& c) const {
    const Index n = x.cols();
    const bool has_xd = B::present(xd);
    c.has_tangent = has_xd || pd;
    if (has_xd) yd.topRows(In) = xd;
    else yd.topRows(In).setZero();
    auto od = yd.bottomRows(Kernels);
    od.setZero();
    if (!c.has_tangent) return;
    if (has_xd) B::gemm(T(1), weight(p), Op::N, xd, Op::N, T(0), B::view(c.mdot));
    if (pd) B::gemm(T(1), weight(pd), Op::N, x, Op::N, has_xd ? T(1) : T(0), B::view(c.mdot));
    to_dimension_major(c.mdot, c.mdott);
    for_each_pair(n, [&](Index i, Index j, Index pair) {
      T sd[Kernels];
      sdot(c, i, j, sd);
      const T* cij = c.c.col(pair).data();
      for (int b = 0; b < Kernels; ++b) {
        const T v = cij[b] * sd[b];
        od(b, i) -= v;
        od(b, j) -= v;
      }
    });
    detail::count_flops(pairs(n) * (4.0 * rows + 3.0 * Kernels));  // ṡ, then c·ṡ into ȯ
    if (pd) {
      const T* bd = bias(pd);
      for (Index i = 0; i < n; ++i)
        for (int b = 0; b < Kernels; ++b) od(b, i) += bd[b];
    }
  }

  // The reverse of (y, ẏ) = F(x, ẋ, p, ṗ):
  //   Ṁ̄(i) = −Σ_j (ẏ̄_b(i) + ẏ̄_b(j)) c σ
  //   M̄(i)  = −Σ_j [(ȳ_b(i) + ȳ_b(j)) − (ẏ̄_b(i) + ẏ̄_b(j)) ṡ_b(i, j)] c σ
  //   x̄ = ȳ_x + Wᵀ M̄ + Ẇᵀ Ṁ̄,  ẋ̄ = ẏ̄_x + Wᵀ Ṁ̄,  W̄ += M̄ xᵀ + Ṁ̄ ẋᵀ,  bias̄ += Σ ȳ_o
  bool tangent_backward(const T* p, const T* pd, CView x, CView, CView xd, CView yb, CView ydb, View xb, View xdb,
                        T* dp, Cache& c) const {
    const bool has_yb = B::present(yb), has_xd = B::present(xd);
    const bool curved = c.has_tangent;
    const auto odb = [&](int b, Index i) { return ydb(In + b, i); };
    c.mdotbar.setZero();
    pair_scatter(c, [&](int b, Index i, Index j, const T*) { return odb(b, i) + odb(b, j); }, c.mdotbar, 1);
    if (B::present(xdb)) {
      B::gemm(T(1), weight(p), Op::T, B::cview(c.mdotbar), Op::N, T(0), xdb);
      xdb += ydb.topRows(In);
    }
    if (!has_yb && !curved) return false;
    c.mbar.setZero();
    if (has_yb && curved) {
      pair_scatter(
          c,
          [&](int b, Index i, Index j, const T* sd) {
            return yb(In + b, i) + yb(In + b, j) - (odb(b, i) + odb(b, j)) * sd[b];
          },
          c.mbar, 4, true);
    } else if (has_yb) {
      pair_scatter(c, [&](int b, Index i, Index j, const T*) { return yb(In + b, i) + yb(In + b, j); }, c.mbar, 1);
    } else {
      pair_scatter(c, [&](int b, Index i, Index j, const T* sd) { return -(odb(b, i) + odb(b, j)) * sd[b]; }, c.mbar,
                   2, true);
    }
    if (dp) {
      View dw = B::view(dp, rows, In);
      B::gemm(T(1), B::cview(c.mbar), Op::N, x, Op::T, T(1), dw);
      if (has_xd) B::gemm(T(1), B::cview(c.mdotbar), Op::N, xd, Op::T, T(1), dw);
      if (has_yb) add_bias_grad(dp + weight_count, yb);
    }
    B::gemm(T(1), weight(p), Op::T, B::cview(c.mbar), Op::N, T(0), xb);
    if (pd) B::gemm(T(1), weight(pd), Op::T, B::cview(c.mdotbar), Op::N, T(1), xb);
    if (has_yb) xb += yb.topRows(In);
    return true;
  }

 private:
  static T sign(T v) { return T(v > T(0)) - T(v < T(0)); }
  static double pairs(Index n) { return static_cast<double>(n) * static_cast<double>(n - 1) / 2; }

  // dst(k·Kernels + b, i) = src(b·KernelDim + k, i)
  static void to_dimension_major(const Matrix& src, Matrix& dst) {
    for (Index i = 0; i < src.cols(); ++i)
      for (int b = 0; b < Kernels; ++b)
        for (int k = 0; k < KernelDim; ++k) dst(k * Kernels + b, i) = src(b * KernelDim + k, i);
  }
  // dst(b·KernelDim + k, i) += src(k·Kernels + b, i)
  static void add_from_dimension_major(const Matrix& src, Matrix& dst) {
    for (Index i = 0; i < src.cols(); ++i)
      for (int b = 0; b < Kernels; ++b)
        for (int k = 0; k < KernelDim; ++k) dst(b * KernelDim + k, i) += src(k * Kernels + b, i);
  }

  // f(i, j, pair) for every pair i < j, pair counting them in order
  template <class F>
  static void for_each_pair(Index n, F f) {
    Index pair = 0;
    for (Index i = 0; i < n; ++i)
      for (Index j = i + 1; j < n; ++j) f(i, j, pair++);
  }

  // bias̄_b += Σ_i ȳ(In + b, i): the o rows of the output adjoint
  static void add_bias_grad(T* db, CView yb) {
    for (Index i = 0; i < yb.cols(); ++i)
      for (int b = 0; b < Kernels; ++b) db[b] += yb(In + b, i);
  }

  // ṡ_b(i, j) = Σ_k sign(M_k(i) − M_k(j)) (Ṁ_k(i) − Ṁ_k(j)) for every kernel b
  static void sdot(const Cache& c, Index i, Index j, T* out) {
    const T *mi = c.mt.col(i).data(), *mj = c.mt.col(j).data();
    const T *di = c.mdott.col(i).data(), *dj = c.mdott.col(j).data();
    for (int b = 0; b < Kernels; ++b) out[b] = T(0);
    for (int k = 0; k < KernelDim; ++k)
      for (int b = 0; b < Kernels; ++b) {
        const int r = k * Kernels + b;
        out[b] += sign(mi[r] - mj[r]) * (di[r] - dj[r]);
      }
  }

  // For every pair i < j, with a_b = weight_of(b, i, j, ṡ)·c_b(i, j) and g_k = a_b(k)·σ_k:
  // out(k, i) −= g_k, out(k, j) += g_k (gathered dimension-major in c.st, then added to out).
  // ṡ is computed only when asked (it needs the tangent).
  // weight_flops: the arithmetic of one weight_of call (for the flop counter).
  template <class F>
  static void pair_scatter(Cache& c, F weight_of, Matrix& out, int weight_flops, bool needs_sdot = false) {
    double scattered = 0;  // pairs that reached the scatter (the others stop after their weights)
    c.st.setZero();
    for_each_pair(c.m.cols(), [&](Index i, Index j, Index pair) {
      T sd[Kernels] = {};
      if (needs_sdot) sdot(c, i, j, sd);
      const T* cij = c.c.col(pair).data();
      T a[Kernels];
      bool any = false;
      for (int b = 0; b < Kernels; ++b) a[b] = weight_of(b, i, j, sd) * cij[b];
      for (int b = 0; b < Kernels; ++b) any |= a[b] != T(0);
      if (!any) return;
      if constexpr (counting_flops) scattered += 1;
      const T *mi = c.mt.col(i).data(), *mj = c.mt.col(j).data();
      T g[rows];  // local, so that each loop below writes one array and vectorises
      for (int k = 0; k < KernelDim; ++k)
        for (int b = 0; b < Kernels; ++b) g[k * Kernels + b] = a[b] * sign(mi[k * Kernels + b] - mj[k * Kernels + b]);
      T* oi = c.st.col(i).data();
      for (int r = 0; r < rows; ++r) oi[r] -= g[r];
      T* oj = c.st.col(j).data();
      for (int r = 0; r < rows; ++r) oj[r] += g[r];
    });
    add_from_dimension_major(c.st, out);
    const double n = static_cast<double>(c.m.cols());
    detail::count_flops(n * (n - 1) / 2 * ((needs_sdot ? 4.0 * rows : 0.0) + (weight_flops + 1.0) * Kernels) +
                        scattered * 4.0 * rows);  // σ·a: Δ, product, two updates
  }
};

/// Minibatch discrimination layer spec (Salimans et al. 2016): appends Kernels features that
/// measure how close each sample is to the others in its batch. Output width: In + Kernels.
/// @tparam Kernels    number of kernels B (features added)
/// @tparam KernelDim  dimension C of each kernel's projection
/// @tparam Init       initializer of the projection W (the authors' code draws N(0, 0.05²))
template <int Kernels = 16, int KernelDim = 4, class Init = init::Normal<1, 20>>
struct MinibatchDiscFeatures {
  static_assert(Kernels > 0, "MinibatchDiscFeatures<Kernels, KernelDim>: Kernels must be positive");
  static_assert(KernelDim > 0, "MinibatchDiscFeatures<Kernels, KernelDim>: KernelDim must be positive");
  template <class B, int In>
  using bind = MinibatchDiscFeaturesLayer<B, In, Kernels, KernelDim, Init>;
};

}  // namespace gantk
