// ConvTranspose2d<OutChannels, Kernel, Stride, Padding>: the transposed convolution (the adjoint
// of Conv2d with the same sizes), the up-sampling layer of DCGAN's generator. An H × W input
// gives ((H − 1)·Stride − 2·Padding + Kernel) × (the same for W).
//
// Each input pixel spreads its C values through the kernel. Over the whole batch: the input with
// channels as rows (C × pixels·N, backend channels_to_rows) times W lays the contributions out as
// im2col columns of the *output* images (ConvGeometry of the output), and col2im_add sums them
// into place; the bias is added per output channel. Its backward pass is im2col of the output
// gradient followed by products, i.e. Conv2d's forward pass.
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

  /// Per pass: the input and its tangent with channels as rows (C × pixels·N), two im2col-shaped
  /// buffers (patch × pixels·N), an input gradient as rows, and what the bias needs: ones over
  /// the output pixels, the bias once per image (OutC × N) and per-image channel sums (OutC × N).
  struct Cache {
    typename B::Matrix x_rows, tangent_x_rows, cols, tangent_cols, dx_rows, ones, bias_per_image, channel_sums;
    void resize(Index n) {
      x_rows.resize(in_c, pixels * n);
      tangent_x_rows.resize(in_c, pixels * n);
      cols.resize(patch, pixels * n);
      tangent_cols.resize(patch, pixels * n);
      dx_rows.resize(in_c, pixels * n);
      bias_per_image.resize(OutC, n);
      channel_sums.resize(OutC, n);
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
    B::channels_to_rows(B::view(cache.x_rows), x, in_c, pixels);
    B::gemm(T(1), weight(p), Op::N, B::cview(cache.x_rows), Op::N, T(0), B::view(cache.cols));
    spread(cache.cols, bias(p), y, cache);
  }

  void backward(const T* p, CView, CView, CView dy, View dx, T* dp, Cache& cache) const {
    B::im2col(B::view(cache.cols), dy, geometry);
    if (dp) accumulate_param_grads(dp, B::cview(cache.cols), B::cview(cache.x_rows), dy, cache);
    if (B::present(dx)) {
      B::gemm(T(1), weight(p), Op::T, B::cview(cache.cols), Op::N, T(0), B::view(cache.dx_rows));
      B::rows_to_channels(dx, B::cview(cache.dx_rows), in_c, pixels);
    }
  }

  // ẏ = T(ẋ; W) + T(x; Ẇ) + ḃ
  void tangent_forward(const T* p, const T* pd, CView, CView, CView xd, View yd, Cache& cache) const {
    const View cols = B::view(cache.tangent_cols);
    bool written = false;
    if (B::present(xd)) {
      B::channels_to_rows(B::view(cache.tangent_x_rows), xd, in_c, pixels);
      B::gemm(T(1), weight(p), Op::N, B::cview(cache.tangent_x_rows), Op::N, T(0), cols);
      written = true;
    }
    if (pd) {
      B::gemm(T(1), weight(pd), Op::N, B::cview(cache.x_rows), Op::N, written ? T(1) : T(0), cols);
      written = true;
    }
    if (written) spread(cache.tangent_cols, pd ? bias(pd) : B::cnone(), yd, cache);
    else B::fill(yd, T(0));
  }

  // W̄ += ȳ ⋆ x + ẏ̄ ⋆ ẋ, b̄ += Σ ȳ, x̄ = Tᵀ(ȳ; W) + Tᵀ(ẏ̄; Ẇ), ẋ̄ = Tᵀ(ẏ̄; W)
  bool tangent_backward(const T* p, const T* pd, CView, CView, CView xd, CView yb, CView ydb, View xb, View xdb,
                        T* dp, Cache& cache) const {
    const bool with_yb = B::present(yb), with_ydb = B::present(ydb);
    if (with_yb) B::im2col(B::view(cache.cols), yb, geometry);                 // im2col(ȳ)
    if (with_ydb) B::im2col(B::view(cache.tangent_cols), ydb, geometry);      // im2col(ẏ̄)
    if (dp) {
      if (with_yb) accumulate_param_grads(dp, B::cview(cache.cols), B::cview(cache.x_rows), yb, cache);
      if (B::present(xd) && with_ydb)
        accumulate_param_grads(dp, B::cview(cache.tangent_cols), B::cview(cache.tangent_x_rows), B::cnone(), cache);
    }
    const View dx_rows = B::view(cache.dx_rows);
    if (B::present(xdb)) {
      B::gemm(T(1), weight(p), Op::T, B::cview(cache.tangent_cols), Op::N, T(0), dx_rows);
      B::rows_to_channels(xdb, B::cview(dx_rows), in_c, pixels);
    }
    bool written = false;
    if (with_yb) {
      B::gemm(T(1), weight(p), Op::T, B::cview(cache.cols), Op::N, T(0), dx_rows);
      written = true;
    }
    if (pd) {
      B::gemm(T(1), weight(pd), Op::T, B::cview(cache.tangent_cols), Op::N, written ? T(1) : T(0), dx_rows);
      written = true;
    }
    if (written) B::rows_to_channels(xb, B::cview(dx_rows), in_c, pixels);
    return written;
  }

 private:
  // An image batch as one (output pixels × OutC·N) matrix: column c + OutC·i is channel c of image i.
  static View channel_planes(View y) { return B::view(y.data(), out_pixels, OutC * y.cols()); }
  static CView channel_planes(CView y) { return B::cview(y.data(), out_pixels, OutC * y.cols()); }

  // y = col2im(cols) + b per output channel (b may be none)
  static void spread(const typename B::Matrix& cols, CView b, View y, Cache& cache) {
    B::fill(y, T(0));
    B::col2im_add(y, B::cview(cols), geometry);
    if (!B::present(b)) return;
    const View per_image = B::view(cache.bias_per_image);
    B::map_broadcast(per_image, [](T, T v) { return v; }, B::cview(per_image), b);
    B::gemm(T(1), B::cview(cache.ones), Op::N, B::cview(per_image.data(), 1, OutC * y.cols()), Op::N, T(1),
            channel_planes(y));
  }

  // dW += im2col(dy) · x_rowsᵀ over every pixel of every image; db += Σ dy per channel when dy is given
  static void accumulate_param_grads(T* dp, CView dy_cols, CView x_rows, CView dy, Cache& cache) {
    B::gemm(T(1), dy_cols, Op::N, x_rows, Op::T, T(1), B::view(dp, patch, in_c));
    if (!B::present(dy)) return;
    View sums = B::view(cache.channel_sums);
    B::gemm(T(1), B::cview(cache.ones), Op::T, channel_planes(dy), Op::N, T(0), B::view(sums.data(), 1, OutC * dy.cols()));
    B::add_row_sums(B::view(dp + weight_count, OutC, 1), B::cview(sums));
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
