// AvgPool<K>: non-overlapping K × K average pooling of images (stride K, no padding), as
// PyTorch's nn.AvgPool2d(K): Image<C, H, W> → Image<C, H/K, W/K>. K must divide H and W.
//
// A fixed linear map without parameters: the bound layer is a ResampleLayer (layers/resample.hpp)
// running the backend's resample ops.
#pragma once

#include <gantk/layers/image.hpp>
#include <gantk/layers/resample.hpp>

namespace gantk {

namespace detail {
template <int K, class InImage>
struct AvgPoolDivides {
  static_assert(InImage::height % K == 0 && InImage::width % K == 0,
                "AvgPool<K>: the input image's height and width must be multiples of K (non-overlapping K × K "
                "windows): AvgPoolDivides<K, Image<C, H, W>> in the instantiation gives K and the input shape");
  static constexpr bool ok = true;
};
}  // namespace detail

/// The bound average pooling. The check sits in the class body, not in the spec's alias: naming
/// the alias (LayerSpec probes it with a 1 × 1 image) must not trip it, only using the layer.
template <class B, class InImage, int K>
struct AvgPoolLayer : ResampleLayer<B, InImage, ResampleKind::AvgPool, K> {
  static_assert(detail::AvgPoolDivides<K, InImage>::ok);
};

/// K × K average pooling spec, stride K; the input must be an image whose sides K divides.
template <int K>
struct AvgPool {
  static_assert(K > 0, "AvgPool<K>: the window size must be positive");
  template <class B, class InImage>
  using bind_image = AvgPoolLayer<B, InImage, K>;
};

}  // namespace gantk
