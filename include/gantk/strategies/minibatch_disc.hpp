// MinibatchDisc<Kernels, KernelDim>: minibatch discrimination (Salimans, Goodfellow, Zaremba,
// Cheung, Radford & Chen 2016, "Improved Techniques for Training GANs", §3.2).
#pragma once

#include <gantk/core/policy.hpp>
#include <gantk/layers/minibatch_discrimination.hpp>
#include <gantk/strategies/spec_transforms.hpp>

namespace gantk {

/// Inserts a MinibatchDiscrimination<Kernels, KernelDim> layer before D's head, so D sees, for
/// each sample, how close it is to the other samples of its batch (real and fake batches are
/// judged separately, as in the paper). A collapsing G makes fakes close to each other, which
/// this layer exposes. The layer has exact second-order passes, so it composes with gradient
/// penalties. Costs O(batch² · Kernels · KernelDim) per pass (see docs/strategies.md).
/// @tparam Kernels    number of kernels B (features added before the head); the paper uses 100
/// @tparam KernelDim  dimension C of each kernel; the paper uses 5
template <int Kernels = 16, int KernelDim = 4>
struct MinibatchDisc : Strategy {
  static_assert(Kernels > 0 && KernelDim > 0, "MinibatchDisc<Kernels, KernelDim>: both must be positive");
  template <class Seq>
  using discriminator_spec = insert_before_head_t<Seq, MinibatchDiscrimination<Kernels, KernelDim>>;
};

}  // namespace gantk
