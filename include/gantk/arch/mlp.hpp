// MLP<Latent<z>, Data<d>, Hidden<...>, Options...>: both networks as multilayer perceptrons.
#pragma once

#include <gantk/arch/architecture.hpp>
#include <gantk/layers/activations.hpp>
#include <gantk/layers/dense.hpp>

namespace gantk {

/// Hidden widths shared by G and D (G: z → h₁ → … → d, D: d → h₁ → … → 1).
template <int... H>
struct Hidden {
  static_assert(((H > 0) && ...), "Hidden<...>: every hidden width must be positive");
};
/// Hidden widths of the generator only (overrides Hidden<...> for G).
template <int... H>
struct GHidden : Hidden<H...> {};
/// Hidden widths of the discriminator only (overrides Hidden<...> for D).
template <int... H>
struct DHidden : Hidden<H...> {};
/// Activation layer after each hidden layer of G (default ReLU).
template <class Act>
struct GActivation {};
/// Activation layer after each hidden layer of D (default ReLU).
template <class Act>
struct DActivation {};
/// Output layer appended to G (for example Tanh for data in [−1, 1]; default: none).
template <class Act>
struct GOutput {};
/// Weight initializer of every Dense layer (default init::XavierUniform).
template <class Init>
struct Initializer {};

namespace detail {

template <class Opt>
struct mlp_option_kind {
  static constexpr int value = -1;
};
template <int... H>
struct mlp_option_kind<Hidden<H...>> {
  static constexpr int value = 0;
};
template <int... H>
struct mlp_option_kind<GHidden<H...>> {
  static constexpr int value = 1;
};
template <int... H>
struct mlp_option_kind<DHidden<H...>> {
  static constexpr int value = 2;
};
template <class A>
struct mlp_option_kind<GActivation<A>> {
  static constexpr int value = 3;
};
template <class A>
struct mlp_option_kind<DActivation<A>> {
  static constexpr int value = 4;
};
template <class A>
struct mlp_option_kind<GOutput<A>> {
  static constexpr int value = 5;
};
template <class I>
struct mlp_option_kind<Initializer<I>> {
  static constexpr int value = 6;
};

template <class S>
struct is_latent : std::false_type {};
template <int Z>
struct is_latent<Latent<Z>> : std::true_type {};
template <class S>
struct is_data : std::false_type {};
template <int D>
struct is_data<Data<D>> : std::true_type {};

// a width read only once the argument is known to be right, so a wrong one gives only the message
template <class Spec, bool Ok>
constexpr int spec_width() {
  if constexpr (Ok) return Spec::width;
  else return 1;
}

template <class Opt>
struct MlpOptionCheck {
  static_assert(mlp_option_kind<Opt>::value >= 0,
                "MLP<Latent<z>, Data<d>, ...>: unknown option (see MlpOptionCheck<Opt>); valid options are "
                "Hidden<...>, GHidden<...>, DHidden<...>, GActivation<L>, DActivation<L>, GOutput<L>, Initializer<I>");
  static constexpr bool ok = true;
};

// first option of kind K, or Default
template <int K, class Default, class... Opts>
struct find_option {
  using type = Default;
};
template <int K, class Default, class O, class... Opts>
struct find_option<K, Default, O, Opts...> {
  using type = std::conditional_t<mlp_option_kind<O>::value == K, O, typename find_option<K, Default, Opts...>::type>;
};

template <class Opt>
struct unwrap_layer;
template <class A>
struct unwrap_layer<GActivation<A>> {
  using type = A;
};
template <class A>
struct unwrap_layer<DActivation<A>> {
  using type = A;
};
template <class A>
struct unwrap_layer<GOutput<A>> {
  using type = A;
};
template <class I>
struct unwrap_layer<Initializer<I>> {
  using type = I;
};
struct NoOutput {};

template <class H>
struct widths_of;
template <template <int...> class W, int... H>
struct widths_of<W<H...>> {
  // Dense<h₁>, Act, Dense<h₂>, Act, ...
  template <class Act, class Init>
  using body = Concat<TypeList<Dense<H, Init>, Act>...>;
};

template <class List, class... Tail>
struct sequential_from;
template <class... Ls, class... Tail>
struct sequential_from<TypeList<Ls...>, Tail...> {
  using type = Sequential<Ls..., Tail...>;
};

template <class List, class Out>
struct with_output {
  using type = Concat<List, TypeList<Out>>;
};
template <class List>
struct with_output<List, NoOutput> {
  using type = List;
};

}  // namespace detail

/// Generator and discriminator as multilayer perceptrons.
///
///   MLP<Latent<2>, Data<2>, Hidden<128, 128>>                          // BENCHMARKS.md's `ring`
///   MLP<Latent<2>, Data<2>, GHidden<400, 400, 400, 400>, DHidden<200, 200, 200>>  // `ring_pac`
///   MLP<Latent<64>, Data<784>, Hidden<256>, DActivation<LeakyReLU<>>, GOutput<Tanh>>
///   MLP<>                                                              // = the first line
///
/// @tparam LatentSpec  Latent<z> (default Latent<2>)
/// @tparam DataSpec    Data<d> (default Data<2>)
/// @tparam Options     Hidden<...> (both; default Hidden<128, 128>, Hidden<> for none),
///                     GHidden<...> / DHidden<...> (one each), GActivation<L>, DActivation<L>
///                     (default ReLU), GOutput<L> (default none), Initializer<I>.
template <class LatentSpec = Latent<2>, class DataSpec = Data<2>, class... Options>
struct MLP {
  static_assert(detail::is_latent<LatentSpec>::value,
                "MLP<Latent<z>, Data<d>, Hidden<...>>: the first argument must be Latent<z>, the noise width "
                "(MLP<> alone is the 2-d ring's MLP<Latent<2>, Data<2>, Hidden<128, 128>>)");
  static_assert(detail::is_data<DataSpec>::value,
                "MLP<Latent<z>, Data<d>, Hidden<...>>: the second argument must be Data<d>, the sample width "
                "(MLP<> alone is the 2-d ring's MLP<Latent<2>, Data<2>, Hidden<128, 128>>)");
  static_assert((detail::MlpOptionCheck<Options>::ok && ...));
  using shared_hidden = typename detail::find_option<0, Hidden<128, 128>, Options...>::type;
  using g_hidden = typename detail::find_option<1, shared_hidden, Options...>::type;
  using d_hidden = typename detail::find_option<2, shared_hidden, Options...>::type;
  using g_act = typename detail::unwrap_layer<typename detail::find_option<3, GActivation<ReLU>, Options...>::type>::type;
  using d_act = typename detail::unwrap_layer<typename detail::find_option<4, DActivation<ReLU>, Options...>::type>::type;
  using g_out = typename detail::unwrap_layer<
      typename detail::find_option<5, GOutput<detail::NoOutput>, Options...>::type>::type;
  using init_kind = typename detail::unwrap_layer<
      typename detail::find_option<6, Initializer<init::XavierUniform>, Options...>::type>::type;

  static constexpr int latent_width = detail::spec_width<LatentSpec, detail::is_latent<LatentSpec>::value>();
  static constexpr int data_width = detail::spec_width<DataSpec, detail::is_data<DataSpec>::value>();

  using generator = typename detail::sequential_from<typename detail::with_output<
      Concat<typename detail::widths_of<g_hidden>::template body<g_act, init_kind>, TypeList<Dense<data_width, init_kind>>>,
      g_out>::type>::type;
  using discriminator = typename detail::sequential_from<
      Concat<typename detail::widths_of<d_hidden>::template body<d_act, init_kind>, TypeList<Dense<1, init_kind>>>>::type;
};

}  // namespace gantk
