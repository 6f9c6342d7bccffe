// GroupedDense<N, W>: N dense layers side by side, layer g reading only block g of the input rows
// and writing only block g of the output rows (a block-diagonal weight). It keeps N networks apart
// inside one Sequential: independent_discriminators_t<Seq, N> builds GMAN's and D2GAN's N
// discriminators from it.
#pragma once

#include <algorithm>

#include <gantk/layers/init.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

namespace init {
/// The initialiser of N layers stacked into one (Dense<N·w> made of N layers of w outputs, or a
/// GroupedDense): Init with the fans of one of them. Every gantk initialiser draws each weight
/// independently, so this is N separate initialisations in distribution.
template <class Init, int N>
struct PerCopy {
  template <class T>
  static void fill(T* w, Index n, Index fan_in, Index fan_out, Rng& rng) {
    Init::fill(w, n, fan_in, fan_out / N, rng);
  }
};
}  // namespace init

namespace detail {
template <int In, int N>
struct GroupedDenseInput {
  static_assert(In % N == 0,
                "GroupedDense<N, W>: the input width is not a multiple of N, so it cannot be split into N blocks "
                "(GroupedDenseInput<input width, N> in the instantiation gives both)");
  static constexpr bool ok = true;
};
}  // namespace detail

/// The bound layer: y[g] = W_g x[g] + b_g for g = 0..N−1, where x[g] is rows g·In/N.. of x and y[g]
/// rows g·W.. of y. Parameters: the N weight blocks (each W × In/N, column-major), then the N·W
/// biases. Blocks of rows are not contiguous in a column-major batch, so each pass copies one
/// block at a time into the pass's cache (O(In·batch) copies against O(In·W·batch) products).
template <class B, int In, int Out, int N, class Init>
struct GroupedDenseLayer {
  static_assert(detail::GroupedDenseInput<In, N>::ok);
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  static constexpr int groups = N;
  static constexpr int in_group = In / N;
  static constexpr int out_group = Out / N;
  static constexpr int in_width = In;
  static constexpr int out_width = Out;
  static constexpr Index block_count = Index(in_group) * out_group;
  static constexpr Index weight_count = N * block_count;
  static constexpr Index param_count = weight_count + Out;
  static constexpr Index state_count = 0;

  /// One group's input and output blocks and their tangents, per pass.
  struct Cache {
    typename B::Matrix x, xd, y, yd;
    void resize(Index n) {
      x.resize(in_group, n);
      xd.resize(in_group, n);
      y.resize(out_group, n);
      yd.resize(out_group, n);
    }
  };

  static CView weight(const T* p, int g) { return B::cview(p + g * block_count, out_group, in_group); }
  static View weight(T* p, int g) { return B::view(p + g * block_count, out_group, in_group); }
  static CView bias(const T* p, int g) { return B::cview(p + weight_count + g * out_group, out_group, 1); }
  static View bias(T* p, int g) { return B::view(p + weight_count + g * out_group, out_group, 1); }

  void init(T* p, T*, Rng& rng) const {
    Init::fill(p, weight_count, in_group, out_group, rng);
    std::fill_n(p + weight_count, Out, T(0));
  }

  void forward(const T* p, T*, CView x, View y, Cache& c, const Pass&) const {
    for (int g = 0; g < N; ++g) {
      B::copy_rows(B::view(c.x), 0, x, g * in_group, in_group);
      B::affine(weight(p, g), B::cview(c.x), bias(p, g), B::view(c.y));
      B::copy_rows(y, g * out_group, B::cview(c.y), 0, out_group);
    }
  }

  // A group whose output gradient is zero is skipped (its dx block is zero, its parameters get
  // nothing): a several-discriminator D back-propagates one network's loss at a time, and the
  // others' products would only multiply zeros.
  void backward(const T* p, CView x, CView, CView dy, View dx, T* dp, Cache& c) const {
    for (int g = 0; g < N; ++g) {
      B::copy_rows(B::view(c.y), 0, dy, g * out_group, out_group);
      if (B::map_sum([](T v) { return v < T(0) ? -v : v; }, B::cview(c.y)) == T(0)) {
        if (B::present(dx)) B::fill_rows(dx, g * in_group, in_group, T(0));
        continue;
      }
      if (dp) {
        B::copy_rows(B::view(c.x), 0, x, g * in_group, in_group);
        accumulate(dp, g, B::cview(c.y), B::cview(c.x), true);
      }
      if (B::present(dx)) {
        B::gemm(T(1), weight(p, g), Op::T, B::cview(c.y), Op::N, T(0), B::view(c.xd));
        B::copy_rows(dx, g * in_group, B::cview(c.xd), 0, in_group);
      }
    }
  }

  // ẏ[g] = W_g ẋ[g] + Ẇ_g x[g] + ḃ_g
  void tangent_forward(const T* p, const T* pd, CView x, CView, CView xd, View yd, Cache& c) const {
    for (int g = 0; g < N; ++g) {
      bool written = false;
      if (B::present(xd)) {
        B::copy_rows(B::view(c.xd), 0, xd, g * in_group, in_group);
        B::gemm(T(1), weight(p, g), Op::N, B::cview(c.xd), Op::N, T(0), B::view(c.yd));
        written = true;
      }
      if (pd) {
        B::copy_rows(B::view(c.x), 0, x, g * in_group, in_group);
        B::gemm(T(1), weight(pd, g), Op::N, B::cview(c.x), Op::N, written ? T(1) : T(0), B::view(c.yd));
        B::add_bias(B::view(c.yd), bias(pd, g));
        written = true;
      }
      if (!written) B::fill(B::view(c.yd), T(0));
      B::copy_rows(yd, g * out_group, B::cview(c.yd), 0, out_group);
    }
  }

  // per group, as Dense: W̄_g += ȳ xᵀ + ẏ̄ ẋᵀ, b̄_g += Σ ȳ, x̄ = W_gᵀ ȳ + Ẇ_gᵀ ẏ̄, ẋ̄ = W_gᵀ ẏ̄
  bool tangent_backward(const T* p, const T* pd, CView x, CView, CView xd, CView yb, CView ydb, View xb, View xdb,
                        T* dp, Cache& c) const {
    const bool has_yb = B::present(yb);
    const bool written = has_yb || pd;
    for (int g = 0; g < N; ++g) {
      B::copy_rows(B::view(c.yd), 0, ydb, g * out_group, out_group);
      if (has_yb) B::copy_rows(B::view(c.y), 0, yb, g * out_group, out_group);
      if (dp) {
        if (has_yb) {
          B::copy_rows(B::view(c.x), 0, x, g * in_group, in_group);
          accumulate(dp, g, B::cview(c.y), B::cview(c.x), true);
        }
        if (B::present(xd)) {
          B::copy_rows(B::view(c.x), 0, xd, g * in_group, in_group);
          accumulate(dp, g, B::cview(c.yd), B::cview(c.x), false);
        }
      }
      if (B::present(xdb)) {
        B::gemm(T(1), weight(p, g), Op::T, B::cview(c.yd), Op::N, T(0), B::view(c.xd));
        B::copy_rows(xdb, g * in_group, B::cview(c.xd), 0, in_group);
      }
      if (!written) continue;
      if (has_yb) B::gemm(T(1), weight(p, g), Op::T, B::cview(c.y), Op::N, T(0), B::view(c.x));
      if (pd) B::gemm(T(1), weight(pd, g), Op::T, B::cview(c.yd), Op::N, has_yb ? T(1) : T(0), B::view(c.x));
      B::copy_rows(xb, g * in_group, B::cview(c.x), 0, in_group);
    }
    return written;
  }

 private:
  // W̄_g += dy xᵀ, and b̄_g += Σ dy when with_bias
  static void accumulate(T* dp, int g, CView dy, CView x, bool with_bias) {
    B::gemm(T(1), dy, Op::N, x, Op::T, T(1), weight(dp, g));
    if (with_bias) B::add_row_sums(bias(dp, g), dy);
  }
};

/// Layer spec: N dense layers of W outputs side by side (N·W outputs), layer g reading block g of
/// an input whose width is a multiple of N.
/// @tparam N     number of groups
/// @tparam W     outputs per group
/// @tparam Init  weight initializer, with the fans of one group (biases start at zero)
template <int N, int W, class Init = init::XavierUniform>
struct GroupedDense {
  static_assert(N >= 1 && W > 0, "GroupedDense<N, W>: N (groups) and W (outputs per group) must be positive");
  static constexpr int width = N * W;
  template <class B, int In>
  using bind = GroupedDenseLayer<B, In, N * W, N, Init>;
};

}  // namespace gantk
