// ConvTranspose2d<OutChannels, Kernel, Stride, Padding>: the transposed convolution (the adjoint
// of Conv2d with the same sizes), the up-sampling layer of DCGAN's generator. An H × W input
// gives ((H − 1)·Stride − 2·Padding + Kernel) × (the same for W).
//
// Per image: each input pixel spreads its C values through the kernel: cols = W · xᵀ lays the
// contributions out as im2col columns of the *output* image (ConvGeometry of the output), and
// col2im_add sums them into place; the bias is added per output channel. Its backward pass is
// im2col of the output gradient followed by products, i.e. Conv2d's forward pass.
#pragma once

#include <algorithm>

#include <gantk/backend/conv_geometry.hpp>
#include <gantk/layers/image.hpp>
#include <gantk/layers/init.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

namespace detail {
template <int OutHeight, int OutWidth>
struct ConvTransposeOutputPositive {
  static_assert(OutHeight > 0 && OutWidth > 0,
                "ConvTranspose2d: the padding removes the whole output ((H − 1)·Stride − 2·Padding + Kernel ≤ 0): "
                "ConvTransposeOutputPositive<height, width> in the instantiation gives the output size");
  static constexpr bool ok = true;
};
}  // namespace detail

/// The bound transposed convolution on images InImage. Parameters: W (OutC·K·K × C, column-major:
/// the taps of input channel c are column c), then b (OutC).
template <class B, class InImage, int OutC, int K, int S, int P, class Init>
struct ConvTranspose2dLayer {
  static constexpr int out_h = (InImage::height - 1) * S - 2 * P + K;
  static constexpr int out_w = (InImage::width - 1) * S - 2 * P + K;
  static_assert(detail::ConvTransposeOutputPositive<out_h, out_w>::ok);
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using out_shape = Image<OutC, (out_h > 0 ? out_h : 1), (out_w > 0 ? out_w : 1)>;

  static constexpr int in_c = InImage::channels;
  /// The convolution this layer is the transpose of: on the output image, back to the input's size.
  static constexpr ConvGeometry geometry{OutC, out_shape::height, out_shape::width, K, S, P};
  static_assert(geometry.out_h() == InImage::height && geometry.out_w() == InImage::width);
  static constexpr int in_width = InImage::features;
  static constexpr int out_width = out_shape::features;
  static constexpr Index patch = geometry.patch();                               // OutC·K·K
  static constexpr Index pixels = Index(InImage::height) * InImage::width;       // input positions
  static constexpr Index out_pixels = Index(out_shape::height) * out_shape::width;
  static constexpr Index weight_count = patch * in_c;
  static constexpr Index param_count = weight_count + OutC;
  static constexpr Index state_count = 0;

  /// One image's im2col block (patch × pixels) and ones over the output pixels (bias).
  struct Cache {
    typename B::Matrix scratch, ones;
    void resize(Index) {
      scratch.resize(patch, pixels);
      if (ones.rows() != out_pixels) {
        ones.resize(out_pixels, 1);
        B::fill(B::view(ones), T(1));
      }
    }
  };

  static CView weight(const T* p) { return B::cview(p, patch, in_c); }
  static CView bias(const T* p) { return B::cview(p + weight_count, OutC, 1); }

  // fan-in C·K·K, fan-out OutC·K·K; host memory
  void init(T* p, T*, Rng& rng) const {
    Init::fill(p, weight_count, static_cast<int>(in_c * K * K), static_cast<int>(OutC * K * K), rng);
    std::fill_n(p + weight_count, OutC, T(0));
  }

  void forward(const T* p, T*, CView x, View y, Cache& cache, const Pass&) const {
    apply(weight(p), bias(p), x, y, false, cache);
  }

  void backward(const T* p, CView x, CView, CView dy, View dx, T* dp, Cache& cache) const {
    if (dp) accumulate_param_grads(dp, dy, x, true, cache);
    if (B::present(dx)) adjoint(weight(p), dy, dx, false, cache);
  }

  // ẏ = T(ẋ; W) + T(x; Ẇ) + ḃ
  void tangent_forward(const T* p, const T* pd, CView x, CView, CView xd, View yd, Cache& cache) const {
    bool written = false;
    if (B::present(xd)) {
      apply(weight(p), B::cnone(), xd, yd, false, cache);
      written = true;
    }
    if (pd) {
      apply(weight(pd), bias(pd), x, yd, written, cache);
      written = true;
    }
    if (!written) B::fill(yd, T(0));
  }

  // W̄ += ȳ ⋆ x + ẏ̄ ⋆ ẋ, b̄ += Σ ȳ, x̄ = Tᵀ(ȳ; W) + Tᵀ(ẏ̄; Ẇ), ẋ̄ = Tᵀ(ẏ̄; W)
  bool tangent_backward(const T* p, const T* pd, CView x, CView, CView xd, CView yb, CView ydb, View xb, View xdb,
                        T* dp, Cache& cache) const {
    if (dp) {
      if (B::present(yb)) accumulate_param_grads(dp, yb, x, true, cache);
      if (B::present(xd)) accumulate_param_grads(dp, ydb, xd, false, cache);
    }
    if (B::present(xdb)) adjoint(weight(p), ydb, xdb, false, cache);
    bool written = false;
    if (B::present(yb)) {
      adjoint(weight(p), yb, xb, false, cache);
      written = true;
    }
    if (pd) {
      adjoint(weight(pd), ydb, xb, written, cache);
      written = true;
    }
    return written;
  }

 private:
  // image i of a batch as a (pixels × channels) matrix: its NCHW column, column-major
  static CView pixels_of(CView x, Index i, Index rows, Index cols) {
    return B::cview(B::columns(x, i, 1).data(), rows, cols);
  }
  static View pixels_of(View x, Index i, Index rows, Index cols) { return B::view(B::columns(x, i, 1).data(), rows, cols); }

  // y (+)= T(x; W) + b per image (b may be none)
  static void apply(CView w, CView b, CView x, View y, bool accumulate, Cache& cache) {
    if (!accumulate) B::fill(y, T(0));
    const View scratch = B::view(cache.scratch);
    for (Index i = 0; i < x.cols(); ++i) {
      B::gemm(T(1), w, Op::N, pixels_of(x, i, pixels, in_c), Op::T, T(0), scratch);
      B::col2im_add(B::columns(y, i, 1), B::cview(scratch), geometry);
      if (B::present(b))
        B::gemm(T(1), B::cview(cache.ones), Op::N, b, Op::T, T(1), pixels_of(y, i, out_pixels, OutC));
    }
  }

  // dx (+)= Tᵀ(dy; W): per image, im2col of dy, then (pixels × C) = colsᵀ W
  static void adjoint(CView w, CView dy, View dx, bool accumulate, Cache& cache) {
    const View scratch = B::view(cache.scratch);
    for (Index i = 0; i < dy.cols(); ++i) {
      B::im2col(scratch, B::columns(dy, i, 1), geometry);
      B::gemm(T(1), B::cview(scratch), Op::T, w, Op::N, accumulate ? T(1) : T(0), pixels_of(dx, i, pixels, in_c));
    }
  }

  // dW += im2col(dyᵢ) xᵢ over the images; db += Σ_pixels dyᵢ when with_bias
  static void accumulate_param_grads(T* dp, CView dy, CView x, bool with_bias, Cache& cache) {
    const View dw = B::view(dp, patch, in_c);
    const View db = B::view(dp + weight_count, OutC, 1);
    const View scratch = B::view(cache.scratch);
    for (Index i = 0; i < dy.cols(); ++i) {
      B::im2col(scratch, B::columns(dy, i, 1), geometry);
      B::gemm(T(1), B::cview(scratch), Op::N, pixels_of(x, i, pixels, in_c), Op::N, T(1), dw);
      if (with_bias)
        B::gemm(T(1), pixels_of(dy, i, out_pixels, OutC), Op::T, B::cview(cache.ones), Op::N, T(1), db);
    }
  }
};

/// Transposed 2-d convolution spec (a learned up-sampling): OutChannels output channels, Kernel
/// × Kernel kernels, Stride and Padding of the convolution it transposes. DCGAN's generator
/// doubles the size with ConvTranspose2d<C, 4, 2, 1>. The input must be an image.
template <int OutChannels, int Kernel, int Stride = 1, int Padding = 0, class Init = init::XavierUniform>
struct ConvTranspose2d {
  static_assert(OutChannels > 0, "ConvTranspose2d<OutChannels, ...>: OutChannels must be positive");
  static_assert(Kernel > 0, "ConvTranspose2d<..., Kernel, ...>: the kernel size must be positive");
  static_assert(Stride > 0, "ConvTranspose2d<..., Stride, ...>: the stride must be positive");
  static_assert(Padding >= 0, "ConvTranspose2d<..., Padding>: the padding must not be negative");
  template <class B, class InImage>
  using bind_image = ConvTranspose2dLayer<B, InImage, OutChannels, Kernel, Stride, Padding, Init>;
};

}  // namespace gantk
