// independent_discriminators_t<Seq, N>: D rewritten as N separate networks of D's shape, side by
// side in one Sequential, for the strategies that train several discriminators (Gman<N>, D2Gan).
#pragma once

#include <gantk/backend/archetype.hpp>
#include <gantk/foundation/type_list.hpp>
#include <gantk/layers/auxiliary_outputs.hpp>
#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/grouped_dense.hpp>
#include <gantk/nn/spec_transforms.hpp>

namespace gantk {

namespace detail {

template <class S>
constexpr bool elementwise_spec() {
  if constexpr (requires { typename S::template bind<ArchetypeBackend, 4>; })
    return keeps_shape<typename S::template bind<ArchetypeBackend, 4>>();
  else
    return false;
}

template <class S, int N, bool First>
struct copied_spec {
  static_assert(elementwise_spec<S>(),
                "several independent discriminators (Gman<N>, D2Gan) are built from D's layers as N copies side by "
                "side, which works for Dense, BatchNorm, activations and dropout; this D has another layer "
                "(copied_spec<Layer, N, first> names it). Layers that mix the samples or the features across "
                "networks (MinibatchDisc, MinibatchStdDev, SpectralNorm, convolutions, conditioning) are not "
                "supported with them");
  using type = S;  // acts on each value alone: N copies are the same layer on N times the width
};
template <int W, class Init, int N>
struct copied_spec<Dense<W, Init>, N, true> {
  using type = Dense<N * W, init::PerCopy<Init, N>>;  // the copies' first layers all read D's input
};
template <int W, class Init, int N>
struct copied_spec<Dense<W, Init>, N, false> {
  using type = GroupedDense<N, W, Init>;  // copy g reads the block of copy g's previous layer
};
template <int W, int N, bool First>
struct copied_spec<BatchNorm<W>, N, First> {
  using type = BatchNorm<N * W>;  // per feature already; W = 0 (take the width before) stays 0
};

template <int N, bool First, class List>
struct copy_specs;
template <int N, bool First>
struct copy_specs<N, First, TypeList<>> {
  using type = TypeList<>;
};
template <int N, bool First, class S, class... Rest>
struct copy_specs<N, First, TypeList<S, Rest...>> {
  static constexpr bool dense = is_dense_spec<S>::value;
  using type = Concat<TypeList<typename copied_spec<S, N, First>::type>,
                      typename copy_specs<N, First && !dense, TypeList<Rest...>>::type>;
};

template <class Head>
struct IndependentHead {
  static_assert(!sizeof(Head*),
                "several independent discriminators (Gman<N>, D2Gan) need a D that ends in Dense<1> "
                "(IndependentHead<Head> names its last layer)");
};
template <class Init>
struct IndependentHead<Dense<1, Init>> {
  static constexpr bool ok = true;
};

template <int N>
struct independent_edit {
  template <class List>
  struct edit {
    static_assert(List::size > 0, "several independent discriminators need a D with at least one layer");
    static_assert(IndependentHead<LastOf<List>>::ok);
    using type = Concat<typename copy_specs<N, true, List>::type, TypeList<AuxiliaryOutputs<N - 1>>>;
  };
};

}  // namespace detail

/// D as N independent networks of D's own shape, in one Sequential: the first Dense<w> becomes
/// Dense<N·w> (the N first layers, each reading D's input), every later Dense<w> a GroupedDense<N, w>
/// (network g reads only network g's features), BatchNorm, activations and dropout act per value
/// as before, and the head Dense<1> becomes GroupedDense<N, 1> followed by AuxiliaryOutputs<N − 1>:
/// row 0 (network 1) is D's output for the loss, rows 1..N−1 the other networks' outputs.
/// Each network is initialised with its own fans and its own draws; no parameter is shared.
template <class Seq, int N>
using independent_discriminators_t = detail::edit_specs_t<Seq, detail::independent_edit<N>::template edit>;

}  // namespace gantk
