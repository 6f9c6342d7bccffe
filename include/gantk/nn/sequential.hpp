// Sequential<Specs...>: a network spec, a flat list of layer specs bound at compile time.
//
//   using D = Sequential<Dense<128>, ReLU, Dense<128>, ReLU, Dense<1>>;
//
// Each spec learns its input width from the spec before it; the first learns it from whoever
// binds the Sequential (the GAN feeds the generator the latent width and the discriminator the
// data width, times the pack size under PacGAN). An optional leading In<d> states the expected
// input width; binding to another width is then a compile error that names both.
//
// Images: a leading Image<C, H, W> says the input is an image. Sequential then carries the shape
// from layer to layer: a layer that works on images (Conv2d, ...) is bound with the shape it
// receives (`bind_image<B, Image<...>>`) and states the shape it gives (`out_shape`); a layer that
// keeps its input's shape (activations, dropout: `keeps_shape`) passes it on; any other layer
// (Dense) makes the vector flat.
#pragma once

#include <type_traits>

#include <gantk/foundation/type_list.hpp>
#include <gantk/layers/image.hpp>
#include <gantk/layers/layer.hpp>
#include <gantk/layers/reshape.hpp>
#include <gantk/nn/network.hpp>

namespace gantk {

/// Optional first element of a Sequential: the input width the network is written for.
template <int D>
struct In {
  static_assert(D > 0, "In<d>: the input width must be positive");
  static constexpr int width = D;
};

namespace detail {

template <int Expected, int Got>
struct InputWidthMismatch {
  static_assert(Expected == Got,
                "Sequential<In<Expected>, ...> is bound to an input of width Got: the network was written for "
                "another input width (see InputWidthMismatch<Expected, Got> in the instantiation)");
  static constexpr bool ok = true;
};

template <class Spec>
struct LayerSpecCheck {
  static_assert(LayerSpec<Spec>,
                "Sequential<...> holds a type that is not a layer spec (a layer spec has `template <class B, int In> "
                "using bind`); see LayerSpecCheck<Spec> in the instantiation for the offending type");
  static constexpr bool ok = true;
};

/// The shape after flat layer L: the one it states (Reshape), the one it received if it keeps it
/// (activations), else none (a flat vector).
template <class L, class Shape>
struct shape_after {
  using type = std::conditional_t<keeps_shape<L>(), Shape, void>;
};
template <class L, class Shape>
  requires requires { typename L::out_shape; }
struct shape_after<L, Shape> {
  using type = typename L::out_shape;
};

/// The bound layer of spec S on width Width, receiving shape Shape (an Image, or void when flat),
/// and the shape it gives.
template <class S, class B, int Width, class Shape>
struct bind_one {
  static_assert(LayerSpecCheck<S>::ok);
  using layer = typename S::template bind<B, Width>;
  using out_shape = typename shape_after<layer, Shape>::type;
};
/// An image layer bound to its input shape; on a flat input (an error, reported by
/// NeedsImageInput) an identity stands in, so that no follow-on errors bury the message.
template <class S, class B, int Width, class Shape, bool IsImage = is_image<Shape>::value>
struct bind_image_layer {
  using type = typename S::template bind_image<B, Shape>;
};
template <class S, class B, int Width, class Shape>
struct bind_image_layer<S, B, Width, Shape, false> {
  using type = IdentityLayer<B, Width, void>;
};
template <class S, class B, int Width, class Shape>
  requires ImageLayerSpec<S>
struct bind_one<S, B, Width, Shape> {
  static_assert(NeedsImageInput<S, is_image<Shape>::value>::ok);
  using layer = typename bind_image_layer<S, B, Width, Shape>::type;
  using out_shape = typename shape_after<layer, Shape>::type;
};

template <class B, int Width, class Shape, class Specs>
struct bind_chain;
template <class B, int Width, class Shape>
struct bind_chain<B, Width, Shape, TypeList<>> {
  using type = TypeList<>;
};
template <class B, int Width, class Shape, class S, class... Rest>
struct bind_chain<B, Width, Shape, TypeList<S, Rest...>> {
  using one = bind_one<S, B, Width, Shape>;
  using layer = typename one::layer;
  using type = Concat<TypeList<layer>,
                      typename bind_chain<B, layer::out_width, typename one::out_shape, TypeList<Rest...>>::type>;
};

template <class B, class List>
struct network_of;
template <class B, class... Ls>
struct network_of<B, TypeList<Ls...>> {
  using type = Network<B, Ls...>;
};

}  // namespace detail

template <class... Specs>
struct Sequential {
  using specs = TypeList<Specs...>;
  static constexpr int declared_input = 0;
  template <class B, int InWidth>
  using bind = typename detail::network_of<B, typename detail::bind_chain<B, InWidth, void, specs>::type>::type;
};

template <int D, class... Specs>
struct Sequential<In<D>, Specs...> {
  using specs = TypeList<Specs...>;
  static constexpr int declared_input = D;
  template <class B, int InWidth>
  using bind = std::enable_if_t<detail::InputWidthMismatch<D, InWidth>::ok,
                                typename Sequential<Specs...>::template bind<B, InWidth>>;
};

/// A network whose input is an image: its width is C·H·W, and its layers see the shape.
template <int C, int H, int W, class... Specs>
struct Sequential<Image<C, H, W>, Specs...> {
  using specs = TypeList<Specs...>;
  static constexpr int declared_input = C * H * W;
  using input_shape = Image<C, H, W>;
  template <class B, int InWidth>
  using bind = std::enable_if_t<
      detail::InputWidthMismatch<C * H * W, InWidth>::ok,
      typename detail::network_of<B, typename detail::bind_chain<B, InWidth, Image<C, H, W>, specs>::type>::type>;
};

namespace detail {
template <class S>
struct is_sequential : std::false_type {};
template <class... Specs>
struct is_sequential<Sequential<Specs...>> : std::true_type {};
}  // namespace detail

}  // namespace gantk
