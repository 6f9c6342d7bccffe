// Image<C, H, W>: the compile-time shape of one image, C channels of H × W pixels.
//
// A batch of images is stored like any batch (backend/shape.hpp): one image per column, its
// C·H·W values in (channel, row, column) order, i.e. NCHW. Image<...> is also written first in a
// Sequential to say that the network's input is an image (`Sequential<Image<1, 28, 28>,
// Conv2d<64, 4, 2, 1>, ...>`); Sequential then tells each layer the shape it receives.
#pragma once

#include <type_traits>

namespace gantk {

template <int C, int H, int W>
struct Image {
  static_assert(C > 0 && H > 0 && W > 0, "Image<C, H, W>: channels, height and width must be positive");
  static constexpr int channels = C;
  static constexpr int height = H;
  static constexpr int width = W;
  /// Values per image (the features of its column).
  static constexpr int features = C * H * W;
};

namespace detail {
/// The 1 × 1 × 1 image, for stating concepts.
using UnitImage = Image<1, 1, 1>;

template <class S>
struct is_image : std::false_type {};
template <int C, int H, int W>
struct is_image<Image<C, H, W>> : std::true_type {};

/// Names the layer spec and says what to write when a layer that needs an image gets a flat input.
template <class Spec, bool HasImage>
struct NeedsImageInput {
  static_assert(HasImage,
                "this layer works on images, but the layer before it gives a flat vector: start the Sequential "
                "with Image<C, H, W> (e.g. Sequential<Image<1, 28, 28>, Conv2d<64, 4, 2, 1>, ...>) or put "
                "Reshape<C, H, W> before it; NeedsImageInput<Spec, ...> in the instantiation names the layer");
  static constexpr bool ok = true;
};
}  // namespace detail

}  // namespace gantk
