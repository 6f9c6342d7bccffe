// SpectralNorm: spectral normalisation of the discriminator (Miyato, Kataoka, Koyama & Yoshida
// 2018, "Spectral Normalization for Generative Adversarial Networks").
#pragma once

#include <type_traits>

#include <gantk/training/policy.hpp>
#include <gantk/training/run_types.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/spectral_dense.hpp>
#include <gantk/nn/spec_transforms.hpp>

namespace gantk {

namespace detail {
template <class S>
struct to_spectral {
  using type = S;
};
template <int N, class Init>
struct to_spectral<Dense<N, Init>> {
  using type = SpectralDense<N, Init, PowerIteration::External>;
};

template <class Seq>
struct spectral_discriminator {
  static_assert(count_specs_v<Seq, is_dense_spec> > 0,
                "SpectralNorm normalises the discriminator's Dense layers, and this discriminator has none");
  using type = map_specs_t<Seq, to_spectral>;
};

template <class L>
concept ExternallyIterated = requires { L::iteration; } && L::iteration == PowerIteration::External;
}  // namespace detail

/// Replaces every Dense<N> of D by SpectralDense<N> (a compile-time change of D's type): each
/// weight is used as W/σ(W), σ its largest singular value, so every layer, and D, is
/// 1-Lipschitz. A D that cannot grow steep cannot lock onto the modes G currently covers, and G
/// keeps receiving gradients toward the others.
///
/// σ is estimated by power iteration whose vectors u, v are layer state: one step per D update
/// (before D's forward passes, as in the paper's Algorithm 1), run by this strategy. The
/// gradient treats u and v as constants, as the paper does, and the layer's second-order passes
/// are exact for that map, so SpectralNorm composes with gradient penalties. Other layers
/// (Maxout, the minibatch layers) are left as they are.
struct SpectralNorm : Strategy {
  static constexpr bool constrains_critic = true;  ///< D is 1-Lipschitz
  template <class Seq>
  using discriminator_spec = typename detail::spectral_discriminator<Seq>::type;

  // on_batch runs once per D update, before any pass of D (G's forward does not read D)
  template <class Step>
  void on_batch(Step& step) const {
    iterate<typename Step::DNet>(step.d_params().data(), step.d_state().data());
  }

  /// One power-iteration step on every spectrally normalised layer of a network's parameters
  /// and state (the vectors u, v are state).
  template <class Net, class T>
  static void iterate(const T* params, T* state) {
    detail::for_each_index<Net::depth>([&](auto i) {
      using L = typename Net::template LayerAt<i>;
      if constexpr (detail::ExternallyIterated<L>)
        L::power_iteration(params + Net::param_offsets[i], state + Net::state_offsets[i]);
    });
  }
};

}  // namespace gantk
