// Maxout<N, Pieces>: N outputs, each the maximum of Pieces affine pieces (Goodfellow et al. 2013).
// PacGAN's discriminators are built from maxout layers.
#pragma once

#include <gantk/layers/dense.hpp>

namespace gantk {

/// The bound maxout layer: an affine map to N·Pieces values (rows i·Pieces .. i·Pieces+Pieces−1
/// belong to output i) followed by a maximum over each group. Piecewise linear, so its
/// second-order passes are those of the affine map with the winning pieces selected.
template <class B, int In, int N, int Pieces, class Init>
struct MaxoutLayer {
  static_assert(Pieces >= 2, "Maxout<N, Pieces>: Pieces must be at least 2");
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Matrix = typename B::Matrix;
  using Affine = DenseLayer<B, In, N * Pieces, Init>;
  static constexpr int in_width = In;
  static constexpr int out_width = N;
  static constexpr Index param_count = Affine::param_count;
  static constexpr Index state_count = 0;

  struct Cache {
    Matrix z;          // affine output (N·Pieces × batch)
    Matrix zbar;       // its adjoint
    Matrix zdot_bar;   // adjoint of its tangent
    typename B::IndexMatrix arg;
    typename Affine::Cache affine;
    void resize(Index n) {
      z.resize(N * Pieces, n);
      zbar.resize(N * Pieces, n);
      zdot_bar.resize(N * Pieces, n);
      arg.resize(N, n);
    }
  };

  Affine affine;

  void init(T* p, T* s, Rng& rng) const { affine.init(p, s, rng); }

  void forward(const T* p, T* s, CView x, View y, Cache& c, const Pass& pass) const {
    affine.forward(p, s, x, B::view(c.z), c.affine, pass);
    B::group_max(y, c.arg, B::cview(c.z), Pieces);
  }

  void backward(const T* p, CView x, CView, CView dy, View dx, T* dp, Cache& c) const {
    B::group_scatter(B::view(c.zbar), c.arg, dy, Pieces);
    affine.backward(p, x, B::cview(c.z), B::cview(c.zbar), dx, dp, c.affine);
  }

  void tangent_forward(const T* p, const T* pd, CView x, CView, CView xd, View yd, Cache& c) const {
    // the tangent of z goes through zbar's storage (free until the backward pass)
    affine.tangent_forward(p, pd, x, B::cview(c.z), xd, B::view(c.zbar), c.affine);
    B::group_select(yd, c.arg, B::cview(c.zbar), Pieces);
  }

  bool tangent_backward(const T* p, const T* pd, CView x, CView, CView xd, CView yb, CView ydb, View xb, View xdb, T* dp,
                        Cache& c) const {
    B::group_scatter(B::view(c.zdot_bar), c.arg, ydb, Pieces);
    const bool has_yb = B::present(yb);
    if (has_yb) B::group_scatter(B::view(c.zbar), c.arg, yb, Pieces);
    const CView zb = has_yb ? B::cview(c.zbar) : B::cnone();
    return affine.tangent_backward(p, pd, x, B::cview(c.z), xd, zb, B::cview(c.zdot_bar), xb, xdb, dp, c.affine);
  }
};

/// Maxout layer spec: N outputs, each the max of Pieces affine functions of the input.
template <int N, int Pieces, class Init = init::XavierUniform>
struct Maxout {
  static_assert(N > 0, "Maxout<N, Pieces>: N must be positive");
  static_assert(Pieces >= 2, "Maxout<N, Pieces>: Pieces must be at least 2");
  template <class B, int In>
  using bind = MaxoutLayer<B, In, N, Pieces, Init>;
};

}  // namespace gantk
