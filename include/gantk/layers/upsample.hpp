// Upsample<F, Mode>: images scaled up by the integer factor F, Image<C, H, W> → Image<C, F·H, F·W>.
//
// Nearest repeats each pixel F × F times. Bilinear is PyTorch's
// nn.Upsample(scale_factor=F, mode='bilinear', align_corners=False): output pixel (y, x) reads the
// source coordinates ((y + ½)/F − ½, (x + ½)/F − ½), raised to 0 when negative, and blends the
// two neighbours along each axis, the upper one held at the last row or column (so the border
// pixels are repeated, never a zero padding). ResampleGeometry::linear_taps computes it.
//
// A fixed linear map without parameters: the bound layer is a ResampleLayer (layers/resample.hpp).
#pragma once

#include <gantk/layers/image.hpp>
#include <gantk/layers/resample.hpp>

namespace gantk {

enum class UpsampleMode { Nearest, Bilinear };

/// The bound up-sampling by Factor on images InImage.
template <class B, class InImage, int Factor, UpsampleMode Mode>
struct UpsampleLayer
    : ResampleLayer<B, InImage, Mode == UpsampleMode::Nearest ? ResampleKind::Nearest : ResampleKind::Bilinear,
                    Factor> {};

/// Up-sampling spec: scale factor Factor, nearest (default) or bilinear; the input must be an image.
template <int Factor, UpsampleMode Mode = UpsampleMode::Nearest>
struct Upsample {
  static_assert(Factor > 0, "Upsample<Factor, ...>: the scale factor must be positive");
  template <class B, class InImage>
  using bind_image = UpsampleLayer<B, InImage, Factor, Mode>;
};

}  // namespace gantk
