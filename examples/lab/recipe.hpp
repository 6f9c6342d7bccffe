// The pieces a catalog entry is made of: its name and description as template arguments
// (FixedString), the training recipe it recommends (Recipe), Compose, which turns an
// architecture family, a loss and strategies into a GAN type for each data shape, and the
// strategy settings an entry gives the GAN's constructor (DefaultSettings otherwise).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <tuple>

#include <gantk/training/gan.hpp>
#include <gantk/foundation/type_list.hpp>

namespace lab {

/// A string literal usable as a template argument: Entry<"gan", "...">.
template <std::size_t N>
struct FixedString {
  char chars[N]{};
  constexpr FixedString(const char (&s)[N]) { std::copy_n(s, N, chars); }
  constexpr std::string_view view() const { return {chars, N - 1}; }
};

/// What an entry recommends; a zero leaves the choice to the library (Adam 1e-4, n_critic 1)
/// or to the entry's strategies' suggestions. Command-line options override steps, batch and
/// the learning rates.
struct Recipe {
  long steps = 3000;
  int batch = 256;
  double g_lr = 0;     ///< generator learning rate (0: keep the optimizer's default)
  double d_lr = 0;     ///< discriminator learning rate
  double beta1 = -1;   ///< with beta2: both networks use Adam with these moment decays (negative:
  double beta2 = -1;   ///< keep the optimizer the library or a strategy chose)
  int n_critic = 0;    ///< D updates per G update
  constexpr bool adam() const { return beta1 >= 0 && beta2 >= 0; }
};

/// The widths a data set fixes at compile time: latent z and data d.
template <int Z, int D>
struct Shape {
  static constexpr int latent = Z;
  static constexpr int data = D;
};

/// Arch<Z, D> (an architecture family), a loss and strategies: one GAN type per data shape.
template <template <int, int> class Arch, class Loss, class... Policies>
struct Compose {
  template <class S>
  using gan = gantk::GAN<Arch<S::latent, S::data>, Loss, Policies...>;
};

/// An entry's strategies at their library defaults. An entry that needs other settings names a
/// struct like this whose strategies(steps) returns them, as a tuple for GAN's constructor
/// (`steps` is the run's length, for schedules):
///   struct ToyPenalty { static auto strategies(long) { return std::tuple{gantk::GradientPenalty{.lambda = 0.1}}; } };
struct DefaultSettings {
  static std::tuple<> strategies(long /*steps*/) { return {}; }
};

/// The Recipe of a gantk::recipes recipe R (steps, batch, one learning rate for both networks):
/// the lab's entry then trains exactly what the library's recipe names.
template <class R>
constexpr Recipe recipe_of() {
  return Recipe{.steps = R::steps, .batch = static_cast<int>(R::batch), .g_lr = R::lr, .d_lr = R::lr};
}

/// One line of the catalog.
template <FixedString Name, FixedString About, class Composition, Recipe R = Recipe{},
          class StrategySettings = DefaultSettings>
struct Entry {
  static constexpr std::string_view name = Name.view();
  static constexpr std::string_view about = About.view();
  static constexpr Recipe recipe = R;
  using settings = StrategySettings;
  template <class S>
  using gan = typename Composition::template gan<S>;
};

}  // namespace lab
