// Compile-time edits of a Sequential, for strategies that change a network's type:
//   insert_front_t<Seq, L>              Dense<128>, ReLU, Dense<1>  →  L, Dense<128>, ReLU, Dense<1>
//   insert_before_head_t<Seq, L>        Dense<128>, ReLU, Dense<1>  →  Dense<128>, ReLU, L, Dense<1>
//   replace_head_t<Seq, L>              Dense<128>, ReLU, Dense<1>  →  Dense<128>, ReLU, L
//   insert_after_each_t<Seq, Pred, L>   L after every layer spec matching Pred, except the last
//   map_specs_t<Seq, F>                 every spec S replaced by F<S>::type
// An optional leading In<d> is kept in front.
#pragma once

#include <type_traits>

#include <gantk/foundation/type_list.hpp>
#include <gantk/nn/sequential.hpp>

namespace gantk::detail {

// a Sequential's layer specs and its declared input (In<d>, or nothing)
template <class Seq>
struct sequential_parts;
template <class... Specs>
struct sequential_parts<Sequential<Specs...>> {
  using specs = TypeList<Specs...>;
  using prefix = TypeList<>;
};
template <int D, class... Specs>
struct sequential_parts<Sequential<In<D>, Specs...>> {
  using specs = TypeList<Specs...>;
  using prefix = TypeList<In<D>>;
};

template <class List>
struct sequential_of_list;
template <class... Ts>
struct sequential_of_list<TypeList<Ts...>> {
  using type = Sequential<Ts...>;
};

/// Rebuilds Seq with its layer specs replaced by Edit<specs>::type, keeping In<d>.
template <class Seq, template <class> class Edit>
using edit_specs_t = typename sequential_of_list<
    Concat<typename sequential_parts<Seq>::prefix, typename Edit<typename sequential_parts<Seq>::specs>::type>>::type;

template <class L>
struct insert_front_impl {
  template <class List>
  using edit = std::type_identity<Concat<TypeList<L>, List>>;
};

template <class L>
struct insert_before_last_impl {
  template <class List>
  struct edit {
    static_assert(List::size > 0, "cannot insert a layer before the head of an empty Sequential");
    using type = Concat<InitOf<List>, TypeList<L, LastOf<List>>>;
  };
};

template <class L>
struct replace_last_impl {
  template <class List>
  struct edit {
    static_assert(List::size > 0, "cannot replace the head of an empty Sequential");
    using type = Concat<InitOf<List>, TypeList<L>>;
  };
};

template <template <class> class Pred, class L, class List>
struct insert_after_matching;
template <template <class> class Pred, class L, class Last>
struct insert_after_matching<Pred, L, TypeList<Last>> {
  using type = TypeList<Last>;  // never after the last layer: the head stays the head
};
template <template <class> class Pred, class L, class S, class Next, class... Rest>
struct insert_after_matching<Pred, L, TypeList<S, Next, Rest...>> {
  using tail = typename insert_after_matching<Pred, L, TypeList<Next, Rest...>>::type;
  using type = Concat<std::conditional_t<Pred<S>::value, TypeList<S, L>, TypeList<S>>, tail>;
};
template <template <class> class Pred, class L>
struct insert_after_matching<Pred, L, TypeList<>> {
  using type = TypeList<>;
};

template <template <class> class F, class List>
struct map_list;
template <template <class> class F, class... Ts>
struct map_list<F, TypeList<Ts...>> {
  using type = TypeList<typename F<Ts>::type...>;
};

template <template <class> class Pred, class List>
struct count_matching;
template <template <class> class Pred, class... Ts>
struct count_matching<Pred, TypeList<Ts...>> {
  static constexpr int value = (0 + ... + (Pred<Ts>::value ? 1 : 0));
};

template <template <class> class Pred, class L>
struct insert_after_matching_edit {
  template <class List>
  using edit = insert_after_matching<Pred, L, List>;
};
template <template <class> class F>
struct map_edit {
  template <class List>
  using edit = map_list<F, List>;
};

}  // namespace gantk::detail

namespace gantk {

/// Seq with layer spec L inserted as its first layer (after In<d>, which stays in front).
template <class Seq, class L>
using insert_front_t = detail::edit_specs_t<Seq, detail::insert_front_impl<L>::template edit>;

/// Seq with layer spec L inserted just before its last layer (D's head).
template <class Seq, class L>
using insert_before_head_t = detail::edit_specs_t<Seq, detail::insert_before_last_impl<L>::template edit>;

/// Seq with its last layer spec (D's head) replaced by L.
template <class Seq, class L>
using replace_head_t = detail::edit_specs_t<Seq, detail::replace_last_impl<L>::template edit>;

/// The last layer spec of Seq (D's head).
template <class Seq>
using head_spec_t = LastOf<typename detail::sequential_parts<Seq>::specs>;

/// Seq with layer spec L inserted after every layer spec S for which Pred<S>::value holds, except
/// the last layer.
template <class Seq, template <class> class Pred, class L>
using insert_after_each_t = detail::edit_specs_t<Seq, detail::insert_after_matching_edit<Pred, L>::template edit>;

/// Seq with every layer spec S replaced by F<S>::type.
template <class Seq, template <class> class F>
using map_specs_t = detail::edit_specs_t<Seq, detail::map_edit<F>::template edit>;

/// How many layer specs of Seq satisfy Pred.
template <class Seq, template <class> class Pred>
inline constexpr int count_specs_v = detail::count_matching<Pred, typename detail::sequential_parts<Seq>::specs>::value;

}  // namespace gantk
