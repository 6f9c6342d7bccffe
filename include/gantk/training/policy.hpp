// Policy kinds: strategies (remedies acting on the training step) and settings (precision,
// backend) that may follow the loss in GAN<Architecture, Loss, Policies...>.
#pragma once

#include <concepts>
#include <type_traits>

#include <gantk/backend/cpu.hpp>

namespace gantk {

/// Base of every strategy. A strategy is a spec, like a layer: the settings struct users write
/// (`GradientPenalty{.lambda = 5}`), with `template <class Gan> using bind = ...` naming the type
/// the GAN holds, which derives from the spec and adds the typed buffers and state it keeps per
/// GAN. Hooks (training/hooks.hpp) are members of the bound type and receive a Step view
/// (training/step.hpp). A strategy that keeps nothing per GAN needs no bind: it is its own bound type.
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

template <class S, class Gan>
struct bound_strategy {
  using type = S;
};
template <class S, class Gan>
  requires requires { typename S::template bind<Gan>; }
struct bound_strategy<S, Gan> {
  using type = typename S::template bind<Gan>;
  static_assert(std::derived_from<type, S>,
                "a strategy's bind<Gan> must derive from the strategy's settings struct, so that gan.strategy<S>() "
                "gives the settings; bound_strategy<S, Gan> in the instantiation names the strategy");
};

template <template <class> class Pred, class Default, class... Ps>
struct first_matching {
  using type = Default;
};
template <template <class> class Pred, class Default, class P, class... Ps>
struct first_matching<Pred, Default, P, Ps...> {
  using type = std::conditional_t<Pred<P>::value, P, typename first_matching<Pred, Default, Ps...>::type>;
};

}  // namespace detail

/// The type a GAN holds for strategy S: S::bind<Gan>, or S itself when S has no bind.
template <class S, class Gan>
using BoundStrategy = typename detail::bound_strategy<S, Gan>::type;

}  // namespace gantk
