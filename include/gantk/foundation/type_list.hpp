// Compile-time type lists: the small set of operations the policy machinery needs.
#pragma once

#include <cstddef>
#include <type_traits>

namespace gantk {

template <class... Ts>
struct TypeList {
  static constexpr std::size_t size = sizeof...(Ts);
};

namespace detail {

// concat
template <class... Lists>
struct concat_lists;
template <>
struct concat_lists<> {
  using type = TypeList<>;
};
template <class... As>
struct concat_lists<TypeList<As...>> {
  using type = TypeList<As...>;
};
template <class... As, class... Bs, class... Rest>
struct concat_lists<TypeList<As...>, TypeList<Bs...>, Rest...> {
  using type = typename concat_lists<TypeList<As..., Bs...>, Rest...>::type;
};

// filter by a predicate template
template <template <class> class Pred, class List>
struct filter_list;
template <template <class> class Pred, class... Ts>
struct filter_list<Pred, TypeList<Ts...>> {
  using type = typename concat_lists<
      std::conditional_t<Pred<Ts>::value, TypeList<Ts>, TypeList<>>...>::type;
};

// rebind the elements of a list into another variadic template
template <template <class...> class To, class List>
struct rebind_list;
template <template <class...> class To, class... Ts>
struct rebind_list<To, TypeList<Ts...>> {
  using type = To<Ts...>;
};

// last element and everything before it
template <class List>
struct split_last;
template <class T>
struct split_last<TypeList<T>> {
  using init = TypeList<>;
  using last = T;
};
template <class T, class... Ts>
struct split_last<TypeList<T, Ts...>> {
  using init = typename concat_lists<TypeList<T>, typename split_last<TypeList<Ts...>>::init>::type;
  using last = typename split_last<TypeList<Ts...>>::last;
};

template <class T, class List>
struct list_contains;
template <class T, class... Ts>
struct list_contains<T, TypeList<Ts...>> : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {};

}  // namespace detail

template <class... Lists>
using Concat = typename detail::concat_lists<Lists...>::type;
template <template <class> class Pred, class List>
using Filter = typename detail::filter_list<Pred, List>::type;
template <template <class...> class To, class List>
using Rebind = typename detail::rebind_list<To, List>::type;
template <class List>
using InitOf = typename detail::split_last<List>::init;
template <class List>
using LastOf = typename detail::split_last<List>::last;
template <class T, class List>
inline constexpr bool contains_v = detail::list_contains<T, List>::value;

}  // namespace gantk
