// Conv2d<OutChannels, Kernel, Stride, Padding>: a 2-d convolution (cross-correlation, as in every
// deep-learning library) of C-channel images with OutChannels K × K kernels and a bias each.
//
// It runs as products over the whole batch: im2col lays every image's receptive fields out as the
// columns of a (C·K·K) × (positions·N) matrix (backend ConvGeometry), one product W·cols gives
// the output with channels as rows, and rows_to_channels puts it in NCHW columns. The im2col of
// the input is kept in the pass's cache for the backward and second-order passes.
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

  /// Per pass: the im2col of the input and of its tangent (patch × positions·N), outputs or their
  /// gradients with channels as rows (OutC × positions·N), and the receptive fields' gradient.
  struct Cache {
    typename B::Matrix cols, tangent_cols, rows, tangent_rows, dcols;
    void resize(Index n) {
      cols.resize(patch, positions * n);
      tangent_cols.resize(patch, positions * n);
      rows.resize(OutC, positions * n);
      tangent_rows.resize(OutC, positions * n);
      dcols.resize(patch, positions * n);
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
    B::affine(weight(p), B::cview(cache.cols), bias(p), B::view(cache.rows));
    B::rows_to_channels(y, B::cview(cache.rows), OutC, positions);
  }

  void backward(const T* p, CView, CView, CView dy, View dx, T* dp, Cache& cache) const {
    const CView d = as_rows(dy, cache.rows);
    if (dp) accumulate_param_grads(dp, d, B::cview(cache.cols), true);
    if (B::present(dx)) transpose_apply(weight(p), d, dx, false, cache);
  }

  // ẏ = W ⊛ ẋ + Ẇ ⊛ x + ḃ
  void tangent_forward(const T* p, const T* pd, CView, CView, CView xd, View yd, Cache& cache) const {
    const View rows = B::view(cache.rows);
    bool written = false;
    if (B::present(xd)) {
      B::im2col(B::view(cache.tangent_cols), xd, geometry);
      B::gemm(T(1), weight(p), Op::N, B::cview(cache.tangent_cols), Op::N, T(0), rows);
      written = true;
    }
    if (pd) {
      B::gemm(T(1), weight(pd), Op::N, B::cview(cache.cols), Op::N, written ? T(1) : T(0), rows);
      B::add_bias(rows, bias(pd));
      written = true;
    }
    if (written) B::rows_to_channels(yd, B::cview(rows), OutC, positions);
    else B::fill(yd, T(0));
  }

  // W̄ += ȳ ⊛ x + ẏ̄ ⊛ ẋ, b̄ += Σ ȳ, x̄ = Wᵀ ⊛ ȳ + Ẇᵀ ⊛ ẏ̄, ẋ̄ = Wᵀ ⊛ ẏ̄
  bool tangent_backward(const T* p, const T* pd, CView, CView, CView xd, CView yb, CView ydb, View xb, View xdb,
                        T* dp, Cache& cache) const {
    const bool with_yb = B::present(yb), with_ydb = B::present(ydb);
    const CView bar = with_yb ? as_rows(yb, cache.rows) : B::cnone();
    const CView dot_bar = with_ydb ? as_rows(ydb, cache.tangent_rows) : B::cnone();
    if (dp) {
      if (with_yb) accumulate_param_grads(dp, bar, B::cview(cache.cols), true);
      if (B::present(xd) && with_ydb) accumulate_param_grads(dp, dot_bar, B::cview(cache.tangent_cols), false);
    }
    if (B::present(xdb)) transpose_apply(weight(p), dot_bar, xdb, false, cache);
    bool written = false;
    if (with_yb) {
      transpose_apply(weight(p), bar, xb, false, cache);
      written = true;
    }
    if (pd) {
      transpose_apply(weight(pd), dot_bar, xb, written, cache);
      written = true;
    }
    return written;
  }

 private:
  // The whole batch runs as one product per pass: images (NCHW columns) and the products' channel
  // rows (OutC × positions·N, position-major within an image) meet through the backend's
  // channels_to_rows / rows_to_channels, which cost a copy where a product per image would cost a
  // call (and a thread start) per image.

  // an NCHW gradient as channel rows, in `buffer`
  static CView as_rows(CView y, typename B::Matrix& buffer) {
    B::channels_to_rows(B::view(buffer), y, OutC, positions);
    return B::cview(buffer);
  }

  // dx (+)= Wᵀ ⊛ d, d given as channel rows: the receptive fields' gradient Wᵀ d put back by col2im
  static void transpose_apply(CView w, CView d, View dx, bool accumulate, Cache& cache) {
    if (!accumulate) B::fill(dx, T(0));
    B::gemm(T(1), w, Op::T, d, Op::N, T(0), B::view(cache.dcols));
    B::col2im_add(dx, B::cview(cache.dcols), geometry);
  }

  // dW += d colsᵀ (summed over every position of every image); db += Σ d when with_bias
  static void accumulate_param_grads(T* dp, CView d, CView cols, bool with_bias) {
    B::gemm(T(1), d, Op::N, cols, Op::T, T(1), B::view(dp, OutC, patch));
    if (with_bias) B::add_row_sums(B::view(dp + weight_count, OutC, 1), d);
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
