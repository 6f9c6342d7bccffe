// Conv2d<OutChannels, Kernel, Stride, Padding>: a 2-d convolution (cross-correlation, as in every
// deep-learning library) of C-channel images with OutChannels K × K kernels and a bias each.
//
// It runs as products: im2col lays each image's receptive fields out as the columns of a
// (C·K·K) × positions matrix (backend ConvGeometry), and per image y = colsᵀ Wᵀ, which in the
// NCHW column of the output is exactly (position × out-channel) column-major. The im2col of the
// input is kept in the pass's cache for the backward and second-order passes.
#pragma once

#include <algorithm>

#include <gantk/backend/conv_geometry.hpp>
#include <gantk/layers/image.hpp>
#include <gantk/layers/init.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

namespace detail {
template <int Kernel, int PaddedHeight, int PaddedWidth>
struct ConvKernelFits {
  static_assert(Kernel <= PaddedHeight && Kernel <= PaddedWidth,
                "Conv2d: the kernel is larger than the (padded) input image: ConvKernelFits<Kernel, padded height, "
                "padded width> in the instantiation gives the three");
  static constexpr bool ok = true;
};
}  // namespace detail

/// The bound convolution on images InImage (Image<C, H, W>). Parameters: W (OutC × C·K·K,
/// column-major), then b (OutC).
template <class B, class InImage, int OutC, int K, int S, int P, class Init>
struct Conv2dLayer {
  static_assert(detail::ConvKernelFits<K, InImage::height + 2 * P, InImage::width + 2 * P>::ok);
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;

  static constexpr ConvGeometry geometry{InImage::channels, InImage::height, InImage::width, K, S, P};
  // (at least 1 × 1, so that a kernel too large is reported by ConvKernelFits alone)
  using out_shape = Image<OutC, static_cast<int>(geometry.out_h() > 0 ? geometry.out_h() : 1),
                          static_cast<int>(geometry.out_w() > 0 ? geometry.out_w() : 1)>;
  static constexpr int in_width = InImage::features;
  static constexpr int out_width = out_shape::features;
  static constexpr Index patch = geometry.patch();          // C·K·K
  static constexpr Index positions = geometry.positions();  // output pixels per image
  static constexpr Index weight_count = Index(OutC) * patch;
  static constexpr Index param_count = weight_count + OutC;
  static constexpr Index state_count = 0;

  /// Per pass: the im2col of the input and of its tangent, and ones over the positions (bias).
  struct Cache {
    typename B::Matrix cols, tangent_cols, scratch, ones;
    void resize(Index n) {
      cols.resize(patch, positions * n);
      tangent_cols.resize(patch, positions * n);
      scratch.resize(patch, positions);
      if (ones.rows() != positions) {
        ones.resize(positions, 1);
        B::fill(B::view(ones), T(1));
      }
    }
  };

  static CView weight(const T* p) { return B::cview(p, OutC, patch); }
  static CView bias(const T* p) { return B::cview(p + weight_count, OutC, 1); }

  // fan-in C·K·K, fan-out OutC·K·K (the usual convolution fans); host memory
  void init(T* p, T*, Rng& rng) const {
    Init::fill(p, weight_count, static_cast<int>(patch), static_cast<int>(OutC * K * K), rng);
    std::fill_n(p + weight_count, OutC, T(0));
  }

  void forward(const T* p, T*, CView x, View y, Cache& cache, const Pass&) const {
    B::im2col(B::view(cache.cols), x, geometry);
    apply(weight(p), bias(p), B::cview(cache.cols), y, T(0), cache);
  }

  void backward(const T* p, CView, CView, CView dy, View dx, T* dp, Cache& cache) const {
    if (dp) accumulate_param_grads(dp, dy, B::cview(cache.cols), true, cache);
    if (B::present(dx)) transpose_apply(weight(p), dy, dx, false, cache);
  }

  // ẏ = W ⊛ ẋ + Ẇ ⊛ x + ḃ
  void tangent_forward(const T* p, const T* pd, CView, CView, CView xd, View yd, Cache& cache) const {
    bool written = false;
    if (B::present(xd)) {
      B::im2col(B::view(cache.tangent_cols), xd, geometry);
      apply(weight(p), B::cnone(), B::cview(cache.tangent_cols), yd, T(0), cache);
      written = true;
    }
    if (pd) {
      apply(weight(pd), bias(pd), B::cview(cache.cols), yd, written ? T(1) : T(0), cache);
      written = true;
    }
    if (!written) B::fill(yd, T(0));
  }

  // W̄ += ȳ ⊛ x + ẏ̄ ⊛ ẋ, b̄ += Σ ȳ, x̄ = Wᵀ ⊛ ȳ + Ẇᵀ ⊛ ẏ̄, ẋ̄ = Wᵀ ⊛ ẏ̄
  bool tangent_backward(const T* p, const T* pd, CView, CView, CView xd, CView yb, CView ydb, View xb, View xdb,
                        T* dp, Cache& cache) const {
    if (dp) {
      if (B::present(yb)) accumulate_param_grads(dp, yb, B::cview(cache.cols), true, cache);
      if (B::present(xd)) accumulate_param_grads(dp, ydb, B::cview(cache.tangent_cols), false, cache);
    }
    if (B::present(xdb)) transpose_apply(weight(p), ydb, xdb, false, cache);
    bool written = false;
    if (B::present(yb)) {
      transpose_apply(weight(p), yb, xb, false, cache);
      written = true;
    }
    if (pd) {
      transpose_apply(weight(pd), ydb, xb, written, cache);
      written = true;
    }
    return written;
  }

 private:
  // image i's block of an im2col matrix (patch × positions), and its output as positions × OutC
  static CView cols_of(CView cols, Index i) { return B::columns(cols, i * positions, positions); }
  static View out_of(View y, Index i) { return B::view(B::columns(y, i, 1).data(), positions, OutC); }
  static CView out_of(CView y, Index i) { return B::cview(B::columns(y, i, 1).data(), positions, OutC); }

  // y (= beta·y) + W ⊛ x + b per image, x given by its im2col; b may be none
  static void apply(CView w, CView b, CView cols, View y, T beta, Cache& cache) {
    for (Index i = 0; i < y.cols(); ++i) {
      const View yi = out_of(y, i);
      T keep = beta;
      if (B::present(b)) {  // yi(pos, oc) (+)= b(oc): ones · bᵀ
        B::gemm(T(1), B::cview(cache.ones), Op::N, b, Op::T, keep, yi);
        keep = T(1);
      }
      B::gemm(T(1), cols_of(cols, i), Op::T, w, Op::T, keep, yi);
    }
  }

  // dx (+)= Wᵀ ⊛ dy: per image, the receptive fields' gradient Wᵀ dyᵢᵀ put back by col2im
  static void transpose_apply(CView w, CView dy, View dx, bool accumulate, Cache& cache) {
    if (!accumulate) B::fill(dx, T(0));
    const View scratch = B::view(cache.scratch);
    for (Index i = 0; i < dy.cols(); ++i) {
      B::gemm(T(1), w, Op::T, out_of(dy, i), Op::T, T(0), scratch);
      B::col2im_add(B::columns(dx, i, 1), B::cview(scratch), geometry);
    }
  }

  // dW += dyᵢᵀ colsᵢᵀ over the images; db += Σ_pos dyᵢ when with_bias
  static void accumulate_param_grads(T* dp, CView dy, CView cols, bool with_bias, Cache& cache) {
    const View dw = B::view(dp, OutC, patch);
    const View db = B::view(dp + weight_count, OutC, 1);
    for (Index i = 0; i < dy.cols(); ++i) {
      const CView dyi = out_of(dy, i);
      B::gemm(T(1), dyi, Op::T, cols_of(cols, i), Op::T, T(1), dw);
      if (with_bias) B::gemm(T(1), dyi, Op::T, B::cview(cache.ones), Op::N, T(1), db);
    }
  }
};

/// 2-d convolution spec: OutChannels kernels of Kernel × Kernel over every input channel, moved
/// Stride pixels at a time over the input padded with Padding zeros on each side. The output
/// image is OutChannels × ((H + 2·Padding − Kernel) / Stride + 1) × (the same for W).
/// The input must be an image (Sequential<Image<C, H, W>, ...> or a layer that gives one).
template <int OutChannels, int Kernel, int Stride = 1, int Padding = 0, class Init = init::XavierUniform>
struct Conv2d {
  static_assert(OutChannels > 0, "Conv2d<OutChannels, ...>: OutChannels must be positive");
  static_assert(Kernel > 0, "Conv2d<..., Kernel, ...>: the kernel size must be positive");
  static_assert(Stride > 0, "Conv2d<..., Stride, ...>: the stride must be positive");
  static_assert(Padding >= 0, "Conv2d<..., Padding>: the padding must not be negative");
  template <class B, class InImage>
  using bind_image = Conv2dLayer<B, InImage, OutChannels, Kernel, Stride, Padding, Init>;
};

}  // namespace gantk
