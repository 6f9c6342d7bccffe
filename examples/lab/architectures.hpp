// The network families the catalog's entries use, as templates of the latent width Z and the
// data width D so that one entry serves the 2-d mixtures and the 1200-d one alike.
#pragma once

#include <gantk/arch/architecture.hpp>
#include <gantk/arch/mlp.hpp>
#include <gantk/layers/activations.hpp>
#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/maxout.hpp>

namespace lab::arch {

using namespace gantk;

/// BENCHMARKS.md's `ring` networks: G z → 128 → 128 → d, D d → 128 → 128 → 1, ReLU.
template <int Z, int D>
using Standard = MLP<Latent<Z>, Data<D>, Hidden<128, 128>>;

/// More capacity in D (two layers of 256, four times Standard's weights): a stronger critic.
template <int Z, int D>
using WideD = MLP<Latent<Z>, Data<D>, GHidden<128, 128>, DHidden<256, 256>>;

/// More capacity in G (two layers of 256): more room to represent many modes.
template <int Z, int D>
using WideG = MLP<Latent<Z>, Data<D>, GHidden<256, 256>, DHidden<128, 128>>;

/// Batch normalisation in G (DCGAN's recipe); D as Standard.
template <int Z, int D>
using BatchNormG = Networks<Latent<Z>, Data<D>,
                            Sequential<Dense<128>, BatchNorm<>, ReLU, Dense<128>, BatchNorm<>, ReLU, Dense<D>>,
                            typename Standard<Z, D>::discriminator>;

/// A maxout D, as in PacGAN's experiments (5 pieces per unit); G as Standard.
template <int Z, int D>
using MaxoutD = Networks<Latent<Z>, Data<D>, typename Standard<Z, D>::generator,
                         Sequential<Maxout<128, 5>, Maxout<128, 5>, Dense<1>>>;

/// PacGAN's 2-d networks (Lin et al. 2018, after VEEGAN): G 4 × 400 ReLU with batch norm,
/// D 3 × 200 maxout with 5 pieces. About 40 times Standard's arithmetic per step.
template <int Z, int D>
using PacPaper = Networks<Latent<Z>, Data<D>,
                          Sequential<Dense<400>, BatchNorm<>, ReLU, Dense<400>, BatchNorm<>, ReLU, Dense<400>,
                                     BatchNorm<>, ReLU, Dense<400>, BatchNorm<>, ReLU, Dense<D>>,
                          Sequential<Maxout<200, 5>, Maxout<200, 5>, Maxout<200, 5>, Dense<1>>>;

/// The grid recipe's networks (gantk::recipes::GridPacGANR1): G 3 × 256, D 128 × 128.
template <int Z, int D>
using DeepG = MLP<Latent<Z>, Data<D>, GHidden<256, 256, 256>, DHidden<128, 128>>;

}  // namespace lab::arch
