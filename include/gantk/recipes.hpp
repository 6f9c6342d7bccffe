// gantk::recipes — the measured best combinations of strategies, by name.
//
// Each recipe is a GAN type together with how to train it (steps, batch, learning rate, the
// learning-rate decay), so that one line reproduces a row of docs/strategies.md:
//
//   auto gan = recipes::RingPacGAN::make(seed);
//   gan.fit(recipes::RingPacGAN::data(), recipes::RingPacGAN::fit_options());
//   auto c = metrics::mixture_coverage(gan.sample(2500), recipes::RingPacGAN::data().dataset());
//
// The figures each recipe reached, per seed, and what else was tried are in docs/strategies.md.
// Each recipe is a template over the data and latent widths (RingPacGANAt<D, Z>); the plain names
// (RingPacGAN, GridPacGANR1) are the 2-d versions that were measured. At other widths the same
// networks and schedule apply to any data set of that width (data() exists only in 2-d), but no
// figure backs them: see docs/field-guide.md for where they were and were not measured.
#pragma once

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include <gantk/arch/mlp.hpp>
#include <gantk/training/gan.hpp>
#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/losses/non_saturating_loss.hpp>
#include <gantk/strategies/loss_terms/r1_penalty.hpp>
#include <gantk/strategies/update_rules/learning_rate_decay.hpp>
#include <gantk/strategies/d_inputs/pacgan.hpp>

namespace gantk::recipes {

/// What every recipe shares: the GAN type, the data it is tuned for, and its training run.
/// Adam with lr for both networks (β₁ 0.5), constant for the first `decay_from` of the steps,
/// then falling geometrically to decay_final·lr at the last step (LearningRateDecay).
/// `Self` is the recipe deriving from this; a recipe that needs other strategies away from
/// their defaults replaces strategies(steps). DataSpec is the data set it was tuned on, or void
/// for a width with no such data set (then data() does not exist).
template <class Self, class G, class DataSpec, long Steps, Index Batch>
struct Recipe {
  using Gan = G;
  static constexpr long steps = Steps;
  static constexpr Index batch = Batch;
  static constexpr double lr = 1e-3;
  static constexpr double decay_from = 0.5;
  static constexpr double decay_final = 0.03;

  static DataSpec data()
    requires(!std::is_void_v<DataSpec>)
  {
    return DataSpec{};
  }

  /// The learning-rate decay for a run of `train_steps` (the schedule follows the run's length).
  static LearningRateDecay decay(long train_steps) {
    const long from = static_cast<long>(decay_from * static_cast<double>(train_steps));
    return LearningRateDecay{.from_step = from, .to_step = std::max(from + 1, train_steps), .final_factor = decay_final};
  }

  /// The strategies whose settings are part of the recipe, as a tuple for GAN's constructor.
  static auto strategies(long train_steps) { return std::tuple{decay(train_steps)}; }

  /// A fresh GAN for the recipe, seeded. `train_steps` shortens or lengthens the run (the decay
  /// schedule follows it); fit with fit_options(train_steps).
  static Gan make(std::uint64_t seed, long train_steps = Steps) {
    static_assert(contains_v<LearningRateDecay, typename Gan::StrategyList>,
                  "a recipe's GAN includes LearningRateDecay (its schedule is part of the recipe)");
    const typename Gan::Config config{.seed = seed, .g_optimizer = Adam{.lr = lr}, .d_optimizer = Adam{.lr = lr}};
    return std::apply([&](auto&&... given) { return Gan{config, std::move(given)...}; }, Self::strategies(train_steps));
  }

  static FitOptions fit_options(long train_steps = Steps, Progress progress = Progress::Auto) {
    return FitOptions{.steps = train_steps, .batch = Batch, .progress = progress};
  }
};

namespace detail {
/// the recipe's data set in 2-d, none at other widths
template <int DataWidth, class Spec2d>
using recipe_data = std::conditional_t<DataWidth == 2, Spec2d, void>;
}  // namespace detail

/// The 8-Gaussian ring's recipe (measured on data::Ring{}): PacGAN<2> with a 128-128 MLP on both
/// sides, for data of DataWidth and a latent of LatentWidth.
template <int DataWidth = 2, int LatentWidth = 2>
struct RingPacGANAt
    : Recipe<RingPacGANAt<DataWidth, LatentWidth>,
             GAN<MLP<Latent<LatentWidth>, Data<DataWidth>, Hidden<128, 128>>, NonSaturatingLoss, PacGAN<2>,
                 LearningRateDecay>,
             detail::recipe_data<DataWidth, data::Ring>, 6000, 256> {};

/// The ring recipe as measured: 2-d data, 2-d latent.
using RingPacGAN = RingPacGANAt<2, 2>;

/// The 25-Gaussian grid (data::Grid{}): PacGAN<2> and a small R1 penalty (γ 0.1 on D's input
/// gradient at real samples; with label smoothing and replay in its place, G froze between modes
/// in one seed of five and over-filled some modes in three; R1 without packing collapsed), with
/// a 3 × 256 generator (sharper transitions between modes, so fewer samples between them) and a
/// 128-128 D; for data of DataWidth and a latent of LatentWidth.
template <int DataWidth = 2, int LatentWidth = 2>
struct GridPacGANR1At
    : Recipe<GridPacGANR1At<DataWidth, LatentWidth>,
             GAN<MLP<Latent<LatentWidth>, Data<DataWidth>, GHidden<256, 256, 256>, DHidden<128, 128>>,
                 NonSaturatingLoss, PacGAN<2>, R1Penalty, LearningRateDecay>,
             detail::recipe_data<DataWidth, data::Grid>, 20000, 256> {
  static constexpr double r1_gamma = 0.1;
  static auto strategies(long train_steps) {
    return std::tuple{R1Penalty{.gamma = r1_gamma}, GridPacGANR1At::decay(train_steps)};
  }
};

/// The grid recipe as measured: 2-d data, 2-d latent.
using GridPacGANR1 = GridPacGANR1At<2, 2>;

}  // namespace gantk::recipes
