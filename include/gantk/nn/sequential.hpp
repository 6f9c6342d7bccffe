// Sequential<Specs...>: a network spec, a flat list of layer specs bound at compile time.
//
//   using D = Sequential<Dense<128>, ReLU, Dense<128>, ReLU, Dense<1>>;
//
// Each spec learns its input width from the spec before it; the first learns it from whoever
// binds the Sequential (the GAN feeds the generator the latent width and the discriminator the
// data width, times the pack size under PacGAN). An optional leading In<d> states the expected
// input width; binding to another width is then a compile error that names both.
#pragma once

#include <gantk/foundation/type_list.hpp>
#include <gantk/layers/layer.hpp>
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

template <class B, int Width, class Specs>
struct bind_chain;
template <class B, int Width>
struct bind_chain<B, Width, TypeList<>> {
  using type = TypeList<>;
};
template <class B, int Width, class S, class... Rest>
struct bind_chain<B, Width, TypeList<S, Rest...>> {
  static_assert(LayerSpecCheck<S>::ok);
  using layer = typename S::template bind<B, Width>;
  using type = Concat<TypeList<layer>, typename bind_chain<B, layer::out_width, TypeList<Rest...>>::type>;
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
  using bind = typename detail::network_of<B, typename detail::bind_chain<B, InWidth, specs>::type>::type;
};

template <int D, class... Specs>
struct Sequential<In<D>, Specs...> {
  using specs = TypeList<Specs...>;
  static constexpr int declared_input = D;
  template <class B, int InWidth>
  using bind = std::enable_if_t<detail::InputWidthMismatch<D, InWidth>::ok,
                                typename Sequential<Specs...>::template bind<B, InWidth>>;
};

namespace detail {
template <class S>
struct is_sequential : std::false_type {};
template <class... Specs>
struct is_sequential<Sequential<Specs...>> : std::true_type {};
}  // namespace detail

}  // namespace gantk
