// MinibatchDisc and MinibatchDiscWith<Kernels, KernelDim>: minibatch discrimination (Salimans, Goodfellow, Zaremba,
// Cheung, Radford & Chen 2016, "Improved Techniques for Training GANs", §3.2).
#pragma once

#include <gantk/training/policy.hpp>
#include <gantk/layers/minibatch_disc_features.hpp>
#include <gantk/nn/spec_transforms.hpp>

namespace gantk {

/// Inserts a MinibatchDiscFeatures<Kernels, KernelDim> layer before D's head, so D sees, for
/// each sample, how close it is to the other samples of its batch (real and fake batches are
/// judged separately, as in the paper). A collapsing G makes fakes close to each other, which
/// this layer exposes. The layer has exact second-order passes, so it composes with gradient
/// penalties. Costs O(batch² · Kernels · KernelDim) per pass (see docs/strategies.md).
/// @tparam Kernels    number of kernels B (features added before the head); the paper uses 100
/// @tparam KernelDim  dimension C of each kernel; the paper uses 5
template <int Kernels = 16, int KernelDim = 4>
struct MinibatchDiscWith : Strategy {
  static_assert(Kernels > 0 && KernelDim > 0, "MinibatchDiscWith<Kernels, KernelDim>: both must be positive");
  template <class Seq>
  using discriminator_spec = insert_before_head_t<Seq, MinibatchDiscFeatures<Kernels, KernelDim>>;
};

/// Minibatch discrimination with 16 kernels of dimension 4, the sizes measured on the 2-d mixtures
/// (docs/strategies.md): `GAN<..., MinibatchDisc>`. For other sizes write MinibatchDiscWith<B, C>.
/// (A name is either a type or a template in C++, so `MinibatchDisc<>` does not compile: write
/// `MinibatchDisc`.)
using MinibatchDisc = MinibatchDiscWith<>;

}  // namespace gantk
