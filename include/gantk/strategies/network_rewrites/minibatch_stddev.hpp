// MinibatchStdDev: the minibatch standard-deviation feature (Karras, Aila, Laine & Lehtinen 2018,
// "Progressive Growing of GANs for Improved Quality, Stability, and Variation", §3).
#pragma once

#include <gantk/training/policy.hpp>
#include <gantk/layers/minibatch_stddev_feature.hpp>
#include <gantk/nn/spec_transforms.hpp>

namespace gantk {

/// Inserts a MinibatchStdDevFeature layer before D's head: one extra feature, the batch's mean
/// standard deviation of the features, which is small for the batches of a collapsing G. No
/// parameters; exact second-order passes, so it composes with gradient penalties.
struct MinibatchStdDev : Strategy {
  template <class Seq>
  using discriminator_spec = insert_before_head_t<Seq, MinibatchStdDevFeature>;
};

}  // namespace gantk
