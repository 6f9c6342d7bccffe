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
    Matrix m;        // M = W x (rows × n)
    Matrix c;        // c_b(i, j) for pairs i < j in order (0,1), (0,2), …, (1,2), …: Kernels × n(n−1)/2
    Matrix mdot;     // Ṁ (rows × n), from the tangent pass
    Matrix mbar;     // adjoint of M
    Matrix mdotbar;  // adjoint of Ṁ
    // the pair kernels' copies, dimension-major (row k·Kernels + b holds M(b·KernelDim + k)), so
    // that their inner loops run over the kernels, contiguous; st gathers a scatter
    Matrix mt, mdott, st;
    Matrix o, alpha, beta;  // Kernels × n: the added features (or their tangent), and the adjoints of them
    bool has_tangent = false;
    void resize(Index n) {
      o.resize(Kernels, n);
      alpha.resize(Kernels, n);
      beta.resize(Kernels, n);
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
  static CView bias_view(const T* p) { return B::cview(p + weight_count, Kernels, 1); }

  void init(T* p, T*, Rng& rng) const {
    Init::fill(p, weight_count, In, rows, rng);
    B::fill(B::view(p + weight_count, Kernels, 1), T(0));
  }

  void forward(const T* p, T*, CView x, View y, Cache& c, const Pass&) const {
    const Index n = x.cols();
    B::gemm(T(1), weight(p), Op::N, x, Op::N, T(0), B::view(c.m));
    B::template transpose_blocks<KernelDim, Kernels>(B::view(c.mt), B::cview(c.m));
    B::template pair_l1_exp<Kernels, KernelDim>(B::view(c.c), B::cview(c.mt));
    detail::count_flops(pairs(n) * (2.0 * rows + 3.0 * Kernels));  // |Δ| sums, exp, the two sums into o
    B::map_broadcast(B::view(c.o), [](T b) { return b; }, bias_view(p));
    B::template pair_row_sums<Kernels>(B::view(c.o), B::cview(c.c), T(1));
    B::copy_rows(y, 0, x, 0, In);
    B::copy_rows(y, In, B::cview(c.o), 0, Kernels);
    c.has_tangent = false;
  }

  void backward(const T* p, CView x, CView, CView dy, View dx, T* dp, Cache& c) const {
    // ∂o_b(i)/∂M(i) and ∂o_b(j)/∂M(i) share c_b(i, j)·σ: M̄(i) −= (ō_b(i) + ō_b(j)) c_b(i, j) σ
    B::copy_rows(B::view(c.alpha), 0, dy, In, Kernels);
    scatter(c, B::cview(c.alpha), B::cnone(), c.mbar);
    if (dp) {
      B::gemm(T(1), B::cview(c.mbar), Op::N, x, Op::T, T(1), B::view(dp, rows, In));
      B::add_row_sums(B::view(dp + weight_count, Kernels, 1), B::cview(c.alpha));
    }
    if (B::present(dx)) {
      B::gemm(T(1), weight(p), Op::T, B::cview(c.mbar), Op::N, T(0), dx);
      B::add_rows(dx, 0, dy, 0, In);
    }
  }

  // ẏ = [ẋ; ȯ],  Ṁ = W ẋ + Ẇ x,  ȯ_b(i) = −Σ_{j≠i} c_b(i, j) ṡ_b(i, j) + ḃias_b,
  // ṡ_b(i, j) = Σ_k σ_k (Ṁ_k(i) − Ṁ_k(j)) over the kernel's rows k.
  void tangent_forward(const T* p, const T* pd, CView x, CView, CView xd, View yd, Cache& c) const {
    const Index n = x.cols();
    const bool has_xd = B::present(xd);
    c.has_tangent = has_xd || pd;
    if (has_xd) B::copy_rows(yd, 0, xd, 0, In);
    else B::fill_rows(yd, 0, In, T(0));
    B::fill_rows(yd, In, Kernels, T(0));
    if (!c.has_tangent) return;
    if (has_xd) B::gemm(T(1), weight(p), Op::N, xd, Op::N, T(0), B::view(c.mdot));
    if (pd) B::gemm(T(1), weight(pd), Op::N, x, Op::N, has_xd ? T(1) : T(0), B::view(c.mdot));
    B::template transpose_blocks<KernelDim, Kernels>(B::view(c.mdott), B::cview(c.mdot));
    B::fill(B::view(c.o), T(0));
    B::template pair_tangent_sums<Kernels, KernelDim>(B::view(c.o), B::cview(c.c), B::cview(c.mt), B::cview(c.mdott));
    detail::count_flops(pairs(n) * (4.0 * rows + 3.0 * Kernels));  // ṡ, then c·ṡ into ȯ
    if (pd) B::map_broadcast(B::view(c.o), [](T v, T b) { return v + b; }, B::cview(c.o), bias_view(pd));
    B::copy_rows(yd, In, B::cview(c.o), 0, Kernels);
  }

  // The reverse of (y, ẏ) = F(x, ẋ, p, ṗ):
  //   Ṁ̄(i) = −Σ_j (ẏ̄_b(i) + ẏ̄_b(j)) c σ
  //   M̄(i)  = −Σ_j [(ȳ_b(i) + ȳ_b(j)) − (ẏ̄_b(i) + ẏ̄_b(j)) ṡ_b(i, j)] c σ
  //   x̄ = ȳ_x + Wᵀ M̄ + Ẇᵀ Ṁ̄,  ẋ̄ = ẏ̄_x + Wᵀ Ṁ̄,  W̄ += M̄ xᵀ + Ṁ̄ ẋᵀ,  bias̄ += Σ ȳ_o
  bool tangent_backward(const T* p, const T* pd, CView x, CView, CView xd, CView yb, CView ydb, View xb, View xdb,
                        T* dp, Cache& c) const {
    const bool has_yb = B::present(yb), has_xd = B::present(xd);
    const bool curved = c.has_tangent;
    B::copy_rows(B::view(c.beta), 0, ydb, In, Kernels);  // ẏ̄ of the added features
    scatter(c, B::cview(c.beta), B::cnone(), c.mdotbar);
    if (B::present(xdb)) {
      B::gemm(T(1), weight(p), Op::T, B::cview(c.mdotbar), Op::N, T(0), xdb);
      B::add_rows(xdb, 0, ydb, 0, In);
    }
    if (!has_yb && !curved) return false;
    if (has_yb) B::copy_rows(B::view(c.alpha), 0, yb, In, Kernels);
    scatter(c, has_yb ? B::cview(c.alpha) : B::cnone(), curved ? B::cview(c.beta) : B::cnone(), c.mbar);
    if (dp) {
      View dw = B::view(dp, rows, In);
      B::gemm(T(1), B::cview(c.mbar), Op::N, x, Op::T, T(1), dw);
      if (has_xd) B::gemm(T(1), B::cview(c.mdotbar), Op::N, xd, Op::T, T(1), dw);
      if (has_yb) B::add_row_sums(B::view(dp + weight_count, Kernels, 1), B::cview(c.alpha));
    }
    B::gemm(T(1), weight(p), Op::T, B::cview(c.mbar), Op::N, T(0), xb);
    if (pd) B::gemm(T(1), weight(pd), Op::T, B::cview(c.mdotbar), Op::N, T(1), xb);
    if (has_yb) B::add_rows(xb, 0, yb, 0, In);
    return true;
  }

 private:
  static double pairs(Index n) { return static_cast<double>(n) * static_cast<double>(n - 1) / 2; }

  // out = Σ over pairs of ∓ a_b σ with a_b = (α_b(i) + α_b(j) − (β_b(i) + β_b(j)) ṡ_b(i, j)) c_b(i, j)
  // (α or β may be none), gathered dimension-major and turned back into M's layout.
  static void scatter(Cache& c, CView alpha, CView beta, Matrix& out) {
    B::template pair_scatter<Kernels, KernelDim>(B::view(c.st), B::cview(c.c), B::cview(c.mt),
                                                 B::present(beta) ? B::cview(c.mdott) : B::cnone(), alpha, beta);
    B::template transpose_blocks<Kernels, KernelDim>(B::view(out), B::cview(c.st));
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
