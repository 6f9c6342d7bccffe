// Dense<N>: a fully connected layer y = W x + b with N outputs.
#pragma once

#include <algorithm>
#include <type_traits>

#include <gantk/layers/init.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

/// The bound dense layer: W is Out × In (column-major), followed by b (Out), in one span.
template <class B, int In, int Out, class Init>
struct DenseLayer {
  static_assert(In > 0 && Out > 0, "Dense: widths must be positive");
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Cache = NoCache;
  static constexpr int in_width = In;
  static constexpr int out_width = Out;
  static constexpr Index weight_count = Index(In) * Out;
  static constexpr Index param_count = weight_count + Out;
  static constexpr Index state_count = 0;

  static CView weight(const T* p) { return B::cview(p, Out, In); }
  static const T* bias(const T* p) { return p + weight_count; }
  static CView bias_view(const T* p) { return B::cview(p + weight_count, Out, 1); }

  // Initialisation runs on host memory (a device backend uploads afterwards).
  void init(T* p, T*, Rng& rng) const {
    Init::fill(p, weight_count, In, Out, rng);
    std::fill_n(p + weight_count, Out, T(0));
  }

  void forward(const T* p, T*, CView x, View y, Cache&, const Pass&) const {
    B::affine(weight(p), x, bias_view(p), y);
  }

  void backward(const T* p, CView x, CView, CView dy, View dx, T* dp, Cache&) const {
    if (dp) accumulate_param_grads(dp, x, dy);
    if (B::present(dx)) B::gemm(T(1), weight(p), Op::T, dy, Op::N, T(0), dx);
  }

  // Fused passes that Network uses when an activation layer (ElementwiseLayer<Fn>) follows or
  // precedes this one; they exist only where the backend has the fused operations.

  /// forward of this layer and the activation Fn after it: pre = W x + b, y = Fn::f(pre)
  template <class Fn>
    requires requires(CView v, View o) { B::template affine_activation<Fn>(v, v, v, o, o); }
  void forward_activation(const T* p, CView x, View pre, View y) const {
    B::template affine_activation<Fn>(weight(p), x, bias_view(p), pre, y);
  }

  /// backward of this layer and the activation Fn before it, whose input is act_in and whose
  /// output is x (this layer's input): dp += Jₚᵀ dy, dz = Fn'(act_in, x) ⊙ Wᵀ dy (skipped if none)
  template <class Fn>
    requires requires(CView v, View o) { B::template gemm_activation_grad<Fn>(T(1), v, Op::T, v, Op::N, v, v, o); }
  void backward_activation(const T* p, CView x, CView dy, CView act_in, View dz, T* dp) const {
    if (dp) accumulate_param_grads(dp, x, dy);
    if (B::present(dz)) B::template gemm_activation_grad<Fn>(T(1), weight(p), Op::T, dy, Op::N, act_in, x, dz);
  }

  // ẏ = W ẋ + Ẇ x + ḃ
  void tangent_forward(const T* p, const T* pd, CView x, CView, CView xd, View yd, Cache&) const {
    bool written = false;
    if (B::present(xd)) {
      B::gemm(T(1), weight(p), Op::N, xd, Op::N, T(0), yd);
      written = true;
    }
    if (pd) {
      B::gemm(T(1), weight(pd), Op::N, x, Op::N, written ? T(1) : T(0), yd);
      B::add_bias(yd, bias_view(pd));
      written = true;
    }
    if (!written) B::fill(yd, T(0));
  }

  // W̄ += ȳ xᵀ + ẏ̄ ẋᵀ, b̄ += Σ ȳ, x̄ = Wᵀ ȳ + Ẇᵀ ẏ̄, ẋ̄ = Wᵀ ẏ̄
  bool tangent_backward(const T* p, const T* pd, CView x, CView, CView xd, CView yb, CView ydb, View xb, View xdb,
                        T* dp, Cache&) const {
    if (dp) {
      if (B::present(yb)) accumulate_param_grads(dp, x, yb);
      if (B::present(xd)) B::gemm(T(1), ydb, Op::N, xd, Op::T, T(1), B::view(dp, Out, In));
    }
    if (B::present(xdb)) B::gemm(T(1), weight(p), Op::T, ydb, Op::N, T(0), xdb);
    bool written = false;
    if (B::present(yb)) {
      B::gemm(T(1), weight(p), Op::T, yb, Op::N, T(0), xb);
      written = true;
    }
    if (pd) {
      B::gemm(T(1), weight(pd), Op::T, ydb, Op::N, written ? T(1) : T(0), xb);
      written = true;
    }
    return written;
  }

 private:
  static void accumulate_param_grads(T* dp, CView x, CView dy) {
    B::gemm(T(1), dy, Op::N, x, Op::T, T(1), B::view(dp, Out, In));
    B::add_row_sums(B::view(dp + weight_count, Out, 1), dy);
  }
};

/// Fully connected layer spec with N outputs; the input width comes from the layer before.
/// @tparam N     number of outputs
/// @tparam Init  weight initializer (biases start at zero); see gantk::init
template <int N, class Init = init::XavierUniform>
struct Dense {
  static_assert(N > 0, "Dense<N>: N (the number of outputs) must be positive");
  static constexpr int width = N;
  template <class B, int In>
  using bind = DenseLayer<B, In, N, Init>;
};

namespace detail {
/// Whether layer spec S is a Dense<N, Init> (the network rewrites that replace D's dense layers).
template <class S>
struct is_dense_spec : std::false_type {};
template <int N, class Init>
struct is_dense_spec<Dense<N, Init>> : std::true_type {};
}  // namespace detail

}  // namespace gantk
