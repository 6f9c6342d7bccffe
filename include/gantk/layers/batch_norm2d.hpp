// BatchNorm2d: batch normalisation per channel of images (Ioffe & Szegedy 2015), over the batch
// and every pixel, as DCGAN uses it.
//
// It is BatchNorm (per feature) applied to the channels as features: the images (C·H·W × N,
// NCHW) are rearranged so that each channel is one row of C × (H·W·N), BatchNormLayer<C> runs on
// that, and the result is put back. Every pass, first and second order, is BatchNorm's on the
// rearranged tensors, so it is exact wherever BatchNorm is.
#pragma once

#include <array>

#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/image.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

/// The bound per-channel batch normalisation on images InImage: γ and β per channel (2·C
/// parameters), running mean and variance per channel (2·C state).
template <class B, class InImage>
struct BatchNorm2dLayer {
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Inner = BatchNormLayer<B, InImage::channels>;
  using out_shape = InImage;
  static constexpr int channels = InImage::channels;
  static constexpr Index pixels = Index(InImage::height) * InImage::width;
  static constexpr int in_width = InImage::features;
  static constexpr int out_width = InImage::features;
  static constexpr Index param_count = Inner::param_count;
  static constexpr Index state_count = Inner::state_count;

  Inner inner{};

  /// BatchNorm's cache over P·N "samples", the forward pass's input and output as channel rows
  /// (kept for the later passes), and room for a pass's other operands as channel rows: up to
  /// three coming in (ẋ, ȳ, ẏ̄) and two going out (x̄, ẋ̄).
  struct Cache {
    typename Inner::Cache inner;
    typename B::Matrix x, y;
    std::array<typename B::Matrix, 3> in;
    std::array<typename B::Matrix, 2> out;
    void resize(Index n) {
      inner.resize(pixels * n);
      for (auto* m : {&x, &y, &in[0], &in[1], &in[2], &out[0], &out[1]}) m->resize(channels, pixels * n);
    }
  };

  void init(T* p, T* s, Rng& rng) const { inner.init(p, s, rng); }

  void forward(const T* p, T* s, CView x, View y, Cache& c, const Pass& pass) const {
    const CView xr = rows(c.x, x);
    inner.forward(p, s, xr, B::view(c.y), c.inner, pass);
    B::rows_to_channels(y, B::cview(c.y), channels, pixels);
  }

  void backward(const T* p, CView, CView, CView dy, View dx, T* dp, Cache& c) const {
    const View dxr = B::present(dx) ? B::view(c.out[0]) : B::none();
    inner.backward(p, B::cview(c.x), B::cview(c.y), rows(c.in[0], dy), dxr, dp, c.inner);
    if (B::present(dx)) B::rows_to_channels(dx, B::cview(c.out[0]), channels, pixels);
  }

  void tangent_forward(const T* p, const T* pd, CView, CView, CView xd, View yd, Cache& c) const {
    const CView xdr = B::present(xd) ? rows(c.in[0], xd) : B::cnone();
    inner.tangent_forward(p, pd, B::cview(c.x), B::cview(c.y), xdr, B::view(c.out[0]), c.inner);
    B::rows_to_channels(yd, B::cview(c.out[0]), channels, pixels);
  }

  bool tangent_backward(const T* p, const T* pd, CView, CView, CView xd, CView yb, CView ydb, View xb, View xdb, T* dp,
                        Cache& c) const {
    const CView xdr = B::present(xd) ? rows(c.in[0], xd) : B::cnone();
    const CView ybr = B::present(yb) ? rows(c.in[1], yb) : B::cnone();
    const CView ydbr = rows(c.in[2], ydb);
    const View xdbr = B::present(xdb) ? B::view(c.out[1]) : B::none();
    const bool written = inner.tangent_backward(p, pd, B::cview(c.x), B::cview(c.y), xdr, ybr, ydbr,
                                                B::view(c.out[0]), xdbr, dp, c.inner);
    if (B::present(xdb)) B::rows_to_channels(xdb, B::cview(c.out[1]), channels, pixels);
    if (written) B::rows_to_channels(xb, B::cview(c.out[0]), channels, pixels);
    return written;
  }

 private:
  // images as channel rows, into buffer m
  static CView rows(typename B::Matrix& m, CView images) {
    B::channels_to_rows(B::view(m), images, channels, pixels);
    return B::cview(m);
  }
};

/// Per-channel batch normalisation spec; the input must be an image.
struct BatchNorm2d {
  template <class B, class InImage>
  using bind_image = BatchNorm2dLayer<B, InImage>;
};

}  // namespace gantk
