// What an architecture is: the latent and data widths and a Sequential for each network.
//
// MLP<...> builds both networks from a few widths; Networks<...> takes any two Sequentials a
// user composes. Anything else satisfying the Architecture concept works too.
#pragma once

#include <gantk/nn/sequential.hpp>

namespace gantk {

/// Width of the generator's noise input z.
template <int Z>
struct Latent {
  static_assert(Z > 0, "Latent<z>: the latent width must be positive");
  static constexpr int width = Z;
};

/// Width of one data sample.
template <int D>
struct Data {
  static_assert(D > 0, "Data<d>: the data width must be positive");
  static constexpr int width = D;
};

template <class A>
concept Architecture = requires {
  { A::latent_width } -> std::convertible_to<int>;
  { A::data_width } -> std::convertible_to<int>;
  typename A::generator;
  typename A::discriminator;
} && detail::is_sequential<typename A::generator>::value && detail::is_sequential<typename A::discriminator>::value;

/// Any generator and discriminator a user composes:
///   Networks<Latent<8>, Data<2>, Sequential<Dense<64>, ReLU, Dense<2>>,
///                                Sequential<Dense<64>, LeakyReLU<>, Dense<1>>>
template <class LatentSpec, class DataSpec, class Generator, class Discriminator>
struct Networks {
  static_assert(detail::is_sequential<Generator>::value,
                "Networks<Latent, Data, Generator, Discriminator>: Generator must be a gantk::Sequential<...>");
  static_assert(detail::is_sequential<Discriminator>::value,
                "Networks<Latent, Data, Generator, Discriminator>: Discriminator must be a gantk::Sequential<...>");
  static constexpr int latent_width = LatentSpec::width;
  static constexpr int data_width = DataSpec::width;
  using generator = Generator;
  using discriminator = Discriminator;
};

}  // namespace gantk
