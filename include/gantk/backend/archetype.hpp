// ArchetypeBackend: a backend with exactly the BackendOps operations, declared and never defined.
//
// The layer and loss concepts (LayerSpec, LossPolicy, ...) are stated against it, so a spec or a
// loss satisfies them by being written for *any* backend rather than for the CPU one. It is only
// ever named in unevaluated contexts (requires-expressions); nothing runs on it.
#pragma once

#include <gantk/backend/backend_ops.hpp>

namespace gantk::detail {

struct ArchetypeBackend {
  using Scalar = float;
  struct Matrix {
    void resize(Index, Index);
    Scalar* data();
    const Scalar* data() const;
    Index rows() const;
    Index cols() const;
    Index size() const;
  };
  using Vector = Matrix;
  struct IndexMatrix {
    void resize(Index, Index);
  };
  struct CView {
    const Scalar* data() const;
    Index rows() const;
    Index cols() const;
    Index size() const;
  };
  struct View {
    Scalar* data() const;
    Index rows() const;
    Index cols() const;
    Index size() const;
  };
  using T = Scalar;
  static constexpr bool host_memory = false;

  static View view(Matrix&);
  static CView cview(const Matrix&);
  static View view(T*, Index, Index);
  static CView cview(const T*, Index, Index);
  static View view(T*, Shape);
  static CView cview(const T*, Shape);
  static CView cview(const View&);
  static View none();
  static CView cnone();
  static bool present(const CView&);
  static bool present(const View&);
  static Shape shape(const CView&);
  static Shape shape(const View&);
  static View columns(View, Index, Index);
  static CView columns(CView, Index, Index);
  static void upload(View, const T*);
  static void download(T*, CView);
  static void gemm(T, CView, Op, CView, Op, T, View);
  static void affine(CView, CView, CView, View);
  template <class Fn>
  static void affine_activation(CView, CView, CView, View, View);
  template <class Fn>
  static void gemm_activation_grad(T, CView, Op, CView, Op, CView, CView, View);
  static void add_bias(View, CView);
  template <class F, class... In>
  static void map(View, F, const In&...);
  template <class F, class... In>
  static void map_broadcast(View, F, const In&...);
  template <class Fn>
  static void activation(View, CView);
  template <class Fn>
  static void activation_grad(View, CView, CView, CView);
  static void fill(View, T);
  static void copy(View, CView);
  static void copy_rows(View, Index, CView, Index, Index);
  static void add_rows(View, Index, CView, Index, Index);
  static void add_rows_scaled(View, Index, CView, Index, Index, CView, Index);
  static void fill_rows(View, Index, Index, T);
  static void axpy(T, CView, View);
  static void group_max(View, IndexMatrix&, CView, int);
  static void group_scatter(View, const IndexMatrix&, CView, int);
  static void group_select(View, const IndexMatrix&, CView, int);
  static void add_row_sums(View, CView, T = T(1));
  static void row_means(View, CView);
  static void row_dots(View, CView, CView);
  static T sum(CView);
  static T sum_row(CView, Index);
  static T dot(CView, CView);
  template <class F, class... In>
  static T map_sum(F, const In&...);
  static T bilinear(CView, CView, CView);
  static bool all_finite(CView);
  template <int P, int Q>
  static void transpose_blocks(View, CView);
  template <int K, int C>
  static void pair_l1_exp(View, CView);
  template <int K>
  static void pair_row_sums(View, CView, T);
  template <int K, int C>
  static void pair_tangent_sums(View, CView, CView, CView);
  template <int K, int C>
  static void pair_scatter(View, CView, CView, CView, CView, CView);
  static void im2col(View, CView, const ConvGeometry&);
  static void col2im_add(View, CView, const ConvGeometry&);
  static void resample(View, CView, const ResampleGeometry&);
  static void resample_adjoint_add(View, CView, const ResampleGeometry&);
  static void channels_to_rows(View, CView, Index, Index);
  static void rows_to_channels(View, CView, Index, Index);
  static void fill_uniform(View, Rng&, T, T);
  static void fill_normal(View, Rng&, T, T);
  static void sgd_step(View, CView, View, T, T, T, bool);
  static void adam_step(View, CView, View, View, T, T, T, T, T);
  static void rmsprop_step(View, CView, View, T, T, T);
};

static_assert(BackendOps<ArchetypeBackend>);

}  // namespace gantk::detail
