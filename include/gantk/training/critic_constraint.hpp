// Whether a GAN's critic is left unconstrained while its loss assumes a Lipschitz one.
//
// WassersteinLoss estimates W₁ only for a 1-Lipschitz D; without weight clipping, a gradient
// penalty or spectral normalisation the critic's values grow without bound (the design card's
// GAN<MLP<...>, WassersteinLoss, MinibatchDisc, UnrolledD<5>> reached a D loss of −118 in 300
// steps in issue 12's run). Losses declare `needs_lipschitz_critic`, constraining strategies `constrains_critic`;
// fit() reports the combination once per GAN (FitOptions::warn_unconstrained_critic silences it).
#pragma once

#include <gantk/foundation/type_list.hpp>

namespace gantk::detail {

template <class X>
constexpr bool needs_lipschitz_critic() {
  if constexpr (requires { X::needs_lipschitz_critic; }) return X::needs_lipschitz_critic;
  else return false;
}

template <class X>
constexpr bool constrains_critic() {
  if constexpr (requires { X::constrains_critic; }) return X::constrains_critic;
  else return false;
}

template <class Loss, class StrategyList>
struct critic_unconstrained;
template <class Loss, class... S>
struct critic_unconstrained<Loss, TypeList<S...>> {
  static constexpr bool value = needs_lipschitz_critic<Loss>() && !(constrains_critic<S>() || ...);
};

inline constexpr const char* unconstrained_critic_warning =
    "gantk: warning: the loss needs a Lipschitz critic (WassersteinLoss) but no strategy constrains D "
    "(WeightClipping, GradientPenalty, DRAGANPenalty, R1Penalty, R2Penalty, SpectralNorm), so its values can "
    "grow without bound; add one, or set FitOptions::warn_unconstrained_critic = false";

}  // namespace gantk::detail
