// The catalog: every GAN the lab can train, by name. One Entry per line:
//
//   Entry<"name", "one line for --list", Compose<ArchitectureFamily, Loss, Strategies...>, Recipe{...}, Settings>
//
// The Recipe (recipe.hpp) is optional: steps, batch, learning rates, Adam's decays, n_critic it
// recommends. Settings (optional, strategy_settings.hpp) gives strategies non-default values.
// An entry is compiled for every data shape the lab offers (2-d and 1200-d), so it must build
// for both. default_experiment.hpp says what `gantk-lab` runs without -s.
#pragma once

#include <string_view>

#include <gantk/losses.hpp>
#include <gantk/strategies.hpp>
#include <gantk/recipes.hpp>

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
  Entry<"unrolled5", "unrolled GAN: G's gradient through 5 lookahead D steps with Adam's moments frozen (exact derivative of that surrogate); ~10x a step (Metz et al. 2017)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::UnrolledD<5, gantk::Unroll::FrozenMoments>>>,
  Entry<"unrolled5-fo", "unrolled GAN, first order: G against D 5 frozen-moment steps ahead, held fixed; ~3.6x a step",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::UnrolledD<5, gantk::Unroll::FirstOrder>>>,
  Entry<"unrolled5-adam", "unrolled GAN: G's gradient through 5 real Adam steps of D (moments and bias corrections included; exact derivative) (Metz et al. 2017)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::UnrolledD<5, gantk::Unroll::ExactAdam>>>,
  // ---- the strategies of include/gantk/strategies/, each alone on the baseline ----
  Entry<"pacgan2",   "PacGAN: D judges packs of 2 samples (Lin et al. 2018); standard MLPs, D's input 2d wide",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::PacGAN<2>>>,
  Entry<"pacgan4",   "PacGAN: D judges packs of 4 samples (Lin et al. 2018); standard MLPs, D's input 4d wide",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::PacGAN<4>>>,
  Entry<"pacgan2-maxout", "PacGAN<2> with a 2 x 128 maxout D (5 pieces), as in PacGAN's experiments",
        Compose<arch::MaxoutD, gantk::NonSaturatingLoss, gantk::PacGAN<2>>>,
  Entry<"minibatch", "minibatch discrimination: a layer before D's head sees how alike the batch is (Salimans et al. 2016)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::MinibatchDisc>>,
  Entry<"minibatch-stddev", "minibatch standard deviation feature before D's head (Karras et al. 2018)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::MinibatchStdDev>>,
  Entry<"feature-matching", "feature matching: G matches the mean of D's last hidden features on real data (Salimans et al. 2016)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::FeatureMatching>>,
  Entry<"label-smoothing", "one-sided label smoothing: D's target for real samples 0.9 (Salimans et al. 2016)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::LabelSmoothing>>,
  Entry<"instance-noise", "instance noise: N(0, 0.1^2) on D's real and fake inputs, annealed to 0 by mid-run (Sonderby et al. 2017)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::InstanceNoise>, Recipe{}, settings::HalfRunInstanceNoise>,
  Entry<"generator-noise", "noise of sigma 0.05 on G's output as D sees it, annealed to 0 by mid-run",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::GeneratorNoise>, Recipe{}, settings::HalfRunGeneratorNoise>,
  Entry<"replay",    "experience replay: half of D's fake batch from a buffer of 4096 past fakes (Shrivastava et al. 2017)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::ExperienceReplay>>,
  Entry<"mode-seeking", "mode-seeking regulariser: G rewarded for distinct outputs of distinct z, weight 1 (Mao et al. 2019)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::ModeSeeking>>,
  Entry<"spectral-norm", "spectral normalisation of D's Dense layers, one power iteration per D update (Miyato et al. 2018)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::SpectralNorm>>,
  Entry<"spectral-norm-hinge", "spectral normalisation with the hinge loss (Miyato et al. 2018)",
        Compose<arch::Standard, gantk::HingeLoss, gantk::SpectralNorm>>,
  Entry<"weight-decay", "L2 weight decay on D, lambda 1e-4",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::WeightDecay>>,
  Entry<"dropout-d", "dropout (p 0.5) after each hidden activation of D (Goodfellow et al. 2014's D)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::HiddenDropout<0.5>>>,
  // ---- several networks, no labels (issue 16): more discriminators or more generators ----
  Entry<"multi-head-d3", "3 discriminator heads on one D body, G on their mean loss (GMAN's rule on heads; Durugkar et al. 2017)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::MultiHeadD<3>>>,
  Entry<"gman3",     "GMAN: 3 independent discriminators, G on the mean of their losses (Durugkar et al. 2017)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::Gman<3>>>,
  Entry<"d2gan",     "D2GAN: two discriminators, KL and reverse-KL roles, alpha = beta = 1 (Nguyen et al. 2017)",
        Compose<arch::Standard, gantk::D2GanLoss, gantk::D2Gan>>,
  Entry<"mad-gan4",  "MAD-GAN: 4 generators (first layer apart), D also names the maker (Ghosh et al. 2018)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::MultiGenerator<4>>>,
  Entry<"mgan4",     "MGAN: 4 generators, D's classifier head and G's diversity term, beta 0.5 (Hoang et al. 2018)",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::MultiGenerator<4, gantk::GeneratorObjective::Mgan>>>,
  // ---- PacGAN's own setting: its networks, batch 100, Adam 1e-4 ----
  Entry<"gan-pacnet", "plain GAN on PacGAN's networks: G 4x400 ReLU+BN, D 3x200 maxout; batch 100, Adam 1e-4",
        Compose<arch::PacPaper, gantk::NonSaturatingLoss>, Recipe{.steps = 3000, .batch = 100, .g_lr = 1e-4, .d_lr = 1e-4}>,
  Entry<"pacgan2-pacnet", "PacGAN<2> on PacGAN's networks and setting (Lin et al. 2018): batch 100, Adam 1e-4",
        Compose<arch::PacPaper, gantk::NonSaturatingLoss, gantk::PacGAN<2>>,
        Recipe{.steps = 3000, .batch = 100, .g_lr = 1e-4, .d_lr = 1e-4}>,
  // ---- the best combinations: gantk::recipes, with their steps, batch, lr and decay ----
  Entry<"ring-recipe", "gantk::recipes::RingPacGAN: PacGAN<2>, MLP 128x128, Adam 1e-3, lr decay x0.03 over the 2nd half",
        Compose<arch::Standard, gantk::NonSaturatingLoss, gantk::PacGAN<2>, gantk::LearningRateDecay>,
        recipe_of<gantk::recipes::RingPacGAN>(), gantk::recipes::RingPacGAN>,
  Entry<"grid-recipe", "gantk::recipes::GridPacGANR1: PacGAN<2> + R1 penalty 0.1, G 3x256, Adam 1e-3, lr decay x0.03 over the 2nd half",
        Compose<arch::DeepG, gantk::NonSaturatingLoss, gantk::PacGAN<2>, gantk::R1Penalty, gantk::LearningRateDecay>,
        recipe_of<gantk::recipes::GridPacGANR1>(), gantk::recipes::GridPacGANR1>
>;
// clang-format on

}  // namespace lab
