// The catalog: every GAN the lab can train, by name. One Entry per line:
//
//   Entry<"name", "one line for --list", Compose<ArchitectureFamily, Loss, Strategies...>, Recipe{...}, Settings>
//
// The Recipe (recipe.hpp) is optional: steps, batch, learning rates, Adam's decays, n_critic it
// recommends. Settings (optional, strategy_settings.hpp) gives strategies non-default values.
// An entry is compiled for every data shape the lab offers (2-d and 1200-d), so it must build
// for both. default_experiment lists what `gantk-lab` runs without -s.
#pragma once

#include <string_view>

#include <gantk/losses.hpp>
#include <gantk/penalties.hpp>
#include <gantk/strategies.hpp>

#include "architectures.hpp"
#include "recipe.hpp"
#include "strategy_settings.hpp"

namespace lab {

// clang-format off
using Catalog = gantk::TypeList<
  Entry<"gan",       "plain GAN: non-saturating loss, MLP 128x128 (Goodfellow et al. 2014); the baseline",
        Compose<arch::Standard, gantk::NonSaturatingLoss>>,
  Entry<"minimax",   "the original minimax loss log(1 - D(G(z))), whose G gradient vanishes early",
        Compose<arch::Standard, gantk::MinimaxLoss>>,
  Entry<"ttur",      "two time-scale update rule: D learns 4x faster than G (Heusel et al. 2017)",
        Compose<arch::Standard, gantk::NonSaturatingLoss>, Recipe{.g_lr = 1e-4, .d_lr = 4e-4}>,
  Entry<"wide-d",    "more discriminator capacity: D 256x256",
        Compose<arch::WideD, gantk::NonSaturatingLoss>>,
  Entry<"wide-g",    "more generator capacity: G 256x256",
        Compose<arch::WideG, gantk::NonSaturatingLoss>>,
  Entry<"bn-g",      "batch normalisation in G (DCGAN's recipe)",
        Compose<arch::BatchNormG, gantk::NonSaturatingLoss>>,
  Entry<"maxout-d",  "maxout discriminator, 5 pieces per unit, as in PacGAN's experiments",
        Compose<arch::MaxoutD, gantk::NonSaturatingLoss>>,
  Entry<"wgan",      "Wasserstein loss, critic weights clipped to [-0.01, 0.01], RMSProp (Arjovsky et al. 2017)",
        Compose<arch::Standard, gantk::WassersteinLoss, gantk::WeightClipping>, Recipe{.n_critic = 5}>,
  Entry<"wgan-gp",   "Wasserstein loss with gradient penalty, lambda 0.1 as for toy data (Gulrajani et al. 2017)",
        Compose<arch::Standard, gantk::WassersteinLoss, gantk::GradientPenalty>,
        Recipe{.g_lr = 1e-3, .d_lr = 1e-3, .beta1 = 0.5, .beta2 = 0.9, .n_critic = 5}, settings::ToyGradientPenalty>,
  Entry<"hinge",     "hinge loss for D (Lim & Ye 2017; Miyato et al. 2018)",
        Compose<arch::Standard, gantk::HingeLoss>>,
  Entry<"lsgan",     "least-squares loss, 0-1-1 coding (Mao et al. 2017)",
        Compose<arch::Standard, gantk::LeastSquaresLoss>>,
  Entry<"ragan",     "relativistic average GAN: D judges real against the average fake (Jolicoeur-Martineau 2018)",
        Compose<arch::Standard, gantk::RelativisticLoss>>,
  Entry<"r1",        "R1 penalty on D's gradient at real data, gamma 10 (Mescheder et al. 2018)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::R1Penalty>>,
  Entry<"dragan",    "DRAGAN: gradient penalty around the real data (Kodali et al. 2017)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::DRAGANPenalty>>,
  Entry<"unrolled5", "unrolled GAN: G's gradient through 5 lookahead D updates, exact; ~10x a step (Metz et al. 2017)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::UnrolledD<5>>>,
  Entry<"unrolled5-fo", "unrolled GAN, first order: G against D 5 updates ahead, held fixed; ~3.6x a step",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::UnrolledD<5, gantk::Unroll::FirstOrder>>>
  // INTEGRATION(strategies): entries for the remedies of the strategies branch, once merged:
  // Entry<"pacgan2",   "PacGAN: D judges 2 samples jointly (Lin et al. 2018)",
  //       Compose<arch::MaxoutD, gantk::NonSaturatingLoss, gantk::PacGAN<2>>>,
  // Entry<"pacgan4",   "PacGAN: D judges 4 samples jointly (Lin et al. 2018)",
  //       Compose<arch::MaxoutD, gantk::NonSaturatingLoss, gantk::PacGAN<4>>>,
  // Entry<"minibatch", "minibatch discrimination: D sees how alike a batch is (Salimans et al. 2016)",
  //       Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::MinibatchDisc>>,
  // Entry<"feature-matching", "G matches D's features of real data (Salimans et al. 2016)",
  //       Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::FeatureMatching>>,
  // Entry<"label-smoothing", "one-sided label smoothing: real targets 0.9 (Salimans et al. 2016)",
  //       Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::LabelSmoothing>>,
  // Entry<"instance-noise", "noise on D's inputs, annealed (Sonderby et al. 2016)",
  //       Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::InstanceNoise>>,
  // Entry<"replay",    "experience replay: D also sees old fakes",
  //       Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::ExperienceReplay>>,
  // Entry<"mode-seeking", "mode-seeking regulariser on G (Mao et al. 2019, MSGAN)",
  //       Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::ModeSeeking>>,
  // Entry<"dropout-d", "dropout in D",
  //       Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::Dropout>>,
  // Entry<"spectral-norm", "spectral normalisation of D's weights (Miyato et al. 2018)",
  //       Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::SpectralNorm>>,
>;
// clang-format on

/// What runs without -s: the baseline, then remedies. Edit this one list as remedies land.
inline constexpr std::string_view default_experiment[] = {"gan", "ttur", "wide-d", "wide-g", "bn-g", "maxout-d"};

}  // namespace lab
