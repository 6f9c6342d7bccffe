// gantk — a header-only C++20 toolkit for training GANs that do not collapse.
// This umbrella header includes the whole library; single_include/gantk/gantk.hpp is generated
// from it (tools/amalgamate.py).
#pragma once

// core
#include <gantk/core/config.hpp>
#include <gantk/core/error.hpp>
#include <gantk/core/rng.hpp>
#include <gantk/core/type_list.hpp>
#include <gantk/core/policy.hpp>
#include <gantk/core/progress.hpp>
#include <gantk/core/training.hpp>
#include <gantk/backend/cpu.hpp>

// layers and networks
#include <gantk/layers/layer.hpp>
#include <gantk/layers/init.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/elementwise.hpp>
#include <gantk/layers/activations.hpp>
#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/maxout.hpp>
#include <gantk/nn/network.hpp>
#include <gantk/nn/sequential.hpp>
#include <gantk/nn/model.hpp>
#include <gantk/arch/architecture.hpp>
#include <gantk/arch/mlp.hpp>

// losses, penalties and optimizers
#include <gantk/losses.hpp>
#include <gantk/optim/optimizers.hpp>

// data and I/O
#include <gantk/data/dataset.hpp>
#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/data/matrix_dataset.hpp>
#include <gantk/io/atomic_file.hpp>
#include <gantk/io/npy.hpp>

// the GAN
#include <gantk/core/gan.hpp>

// remedies for mode collapse and the metrics that see it
#include <gantk/penalties.hpp>
#include <gantk/strategies.hpp>
#include <gantk/metrics.hpp>
