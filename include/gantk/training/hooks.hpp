// The declared hook set of a training step, and the compile-time checks that keep strategies to it.
//
// Hooks are found by name, so a misspelt one would silently never run. Every strategy is therefore
// checked for members whose names are shaped like hooks ({on, before, after}[_d|_g]_<event> and
// {d, g}_<event>) but are not hooks; such a member fails to compile with the list of valid hooks.
#pragma once

#include <cstddef>
#include <string_view>

namespace gantk {

/// When a D-input transform (a strategy with `on_d_inputs`) runs relative to the others; the GAN
/// runs them stage by stage, in template-argument order within a stage. Each one declares
///   static constexpr DInputStage d_input_stage = DInputStage::...;
enum class DInputStage {
  Select,   ///< chooses which samples D sees (ExperienceReplay swaps in past fakes)
  Perturb,  ///< changes the values D sees (InstanceNoise, GeneratorNoise): after Select, so
            ///< replayed fakes are perturbed too
};

/// The hooks, as the step view knows them (training/step.hpp: Step<Gan, Hook, S> says what each
/// may use). A strategy defines them as members named as in hook_names below.
enum class Hook { OnBatch, OnDInputs, BeforeDLoss, DPenalty, AfterDUpdate, GObjective, GPenalty };

namespace detail {

/// The hooks GAN::train_step calls, in the order it calls them (see training/gan.hpp).
inline constexpr std::string_view hook_names[] = {"on_batch",       "on_d_inputs", "before_d_loss", "d_penalty",
                                                  "after_d_update", "g_objective", "g_penalty"};

constexpr bool is_hook_name(std::string_view name) {
  for (const auto h : hook_names)
    if (h == name) return true;
  return false;
}

/// A member name as a template argument, so that it shows in the instantiation trace.
template <std::size_t N>
struct MemberName {
  char text[N];
  constexpr MemberName(const char (&s)[N]) {
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
};

template <class S, MemberName Name>
struct NotAHook {
  static_assert(!sizeof(S*),
                "this strategy has a member whose name looks like a hook but is none, so the GAN would never call "
                "it (NotAHook<Strategy, \"member\"> in the instantiation names both). The hooks are: on_batch, "
                "on_d_inputs, before_d_loss, d_penalty, after_d_update, g_objective, g_penalty (training/hooks.hpp); "
                "rename the member to one of them, or to a name that does not look like a hook");
  static constexpr bool ok = false;
};

template <class S>
struct DInputStageMissing {
  static_assert(!sizeof(S*),
                "this strategy defines on_d_inputs but does not say when it runs among D's input transforms: add "
                "`static constexpr gantk::DInputStage d_input_stage = gantk::DInputStage::Select;` (it chooses "
                "samples) or `... = gantk::DInputStage::Perturb;` (it changes their values)");
  static constexpr bool ok = false;
};

// Member detection by name that works for data members, functions, overloads and member templates:
// a class deriving from S and from a probe with a member of that name finds the name ambiguous
// exactly when S has one.
#define GANTK_DETAIL_MEMBER_PROBE(name)                                                  \
  struct probe_##name {                                                                  \
    int name;                                                                            \
  };                                                                                     \
  template <class S>                                                                     \
  struct probe_##name##_in : S, probe_##name {};                                         \
  template <class S>                                                                     \
  constexpr bool has_member_##name = !requires { &probe_##name##_in<S>::name; };         \
  template <class S>                                                                     \
  constexpr bool near_miss_ok_##name() {                                                 \
    if constexpr (has_member_##name<S> && !is_hook_name(#name)) return NotAHook<S, #name>::ok; \
    else return true;                                                                    \
  }

// {prefix}_<event> for every event a hook name is built from
#define GANTK_DETAIL_HOOK_EVENTS(X, prefix)                                                                   \
  X(prefix##_batch) X(prefix##_inputs) X(prefix##_input) X(prefix##_loss) X(prefix##_penalty)                 \
      X(prefix##_objective) X(prefix##_update) X(prefix##_updates) X(prefix##_step) X(prefix##_steps)
#define GANTK_DETAIL_HOOK_SHAPES(X)                                                                           \
  GANTK_DETAIL_HOOK_EVENTS(X, on) GANTK_DETAIL_HOOK_EVENTS(X, before) GANTK_DETAIL_HOOK_EVENTS(X, after)      \
  GANTK_DETAIL_HOOK_EVENTS(X, on_d) GANTK_DETAIL_HOOK_EVENTS(X, before_d) GANTK_DETAIL_HOOK_EVENTS(X, after_d) \
  GANTK_DETAIL_HOOK_EVENTS(X, on_g) GANTK_DETAIL_HOOK_EVENTS(X, before_g) GANTK_DETAIL_HOOK_EVENTS(X, after_g) \
  GANTK_DETAIL_HOOK_EVENTS(X, d) GANTK_DETAIL_HOOK_EVENTS(X, g)

GANTK_DETAIL_HOOK_SHAPES(GANTK_DETAIL_MEMBER_PROBE)

#define GANTK_DETAIL_NEAR_MISS_CALL(name) &&near_miss_ok_##name<S>()

/// True, or a compile error naming the first hook-shaped member of S that is not a hook, or saying
/// that S's on_d_inputs has no declared DInputStage.
template <class S>
constexpr bool hooks_declared() {
  if constexpr (has_member_on_d_inputs<S> && !requires { S::d_input_stage; }) return DInputStageMissing<S>::ok;
  return true GANTK_DETAIL_HOOK_SHAPES(GANTK_DETAIL_NEAR_MISS_CALL);
}

/// The stage a D-input transform runs in (hooks_declared has checked that it declares one).
template <class S>
constexpr DInputStage d_input_stage_of() {
  return S::d_input_stage;
}

#undef GANTK_DETAIL_NEAR_MISS_CALL
#undef GANTK_DETAIL_HOOK_SHAPES
#undef GANTK_DETAIL_HOOK_EVENTS
#undef GANTK_DETAIL_MEMBER_PROBE

}  // namespace detail
}  // namespace gantk
