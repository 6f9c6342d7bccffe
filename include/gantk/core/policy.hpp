// Policy kinds: strategies (remedies acting on the training step) and settings (precision,
// backend) that may follow the loss in GAN<Architecture, Loss, Policies...>.
#pragma once

#include <concepts>
#include <type_traits>

#include <gantk/backend/cpu.hpp>

namespace gantk {

/// Base of every strategy. A strategy implements only the hooks it needs (the declared set is in
/// core/hooks.hpp, the order they run in in core/gan.hpp); deriving from Strategy marks the type
/// as one.
struct Strategy {};

/// Base of GAN settings that are not strategies.
struct Setting {};

/// Scalar type of parameters and activations (float by default; double for exact checks).
template <class T>
struct Precision : Setting {
  static_assert(std::is_floating_point_v<T>, "Precision<T>: T must be float or double");
  using type = T;
};

/// Compute backend (gantk::Cpu by default).
template <class B>
struct Backend : Setting {
  using type = B;
};

template <class P>
concept StrategyPolicy = std::derived_from<P, Strategy>;
template <class P>
concept SettingPolicy = std::derived_from<P, Setting>;

namespace detail {

template <class P>
struct PolicyCheck {
  static_assert(StrategyPolicy<P> || SettingPolicy<P>,
                "GAN<Architecture, Loss, Policies...>: every type after the loss must be a gantk strategy (a type "
                "derived from gantk::Strategy, such as gantk::PacGAN<2>) or a setting (gantk::Precision<T>, "
                "gantk::Backend<B>); PolicyCheck<P> in the instantiation names the offending type");
  static constexpr bool ok = true;
};

template <class P>
struct is_strategy : std::bool_constant<StrategyPolicy<P>> {};

template <class P>
struct is_precision : std::false_type {};
template <class T>
struct is_precision<Precision<T>> : std::true_type {};
template <class P>
struct is_backend : std::false_type {};
template <class B>
struct is_backend<Backend<B>> : std::true_type {};

template <template <class> class Pred, class Default, class... Ps>
struct first_matching {
  using type = Default;
};
template <template <class> class Pred, class Default, class P, class... Ps>
struct first_matching<Pred, Default, P, Ps...> {
  using type = std::conditional_t<Pred<P>::value, P, typename first_matching<Pred, Default, Ps...>::type>;
};

}  // namespace detail
}  // namespace gantk
