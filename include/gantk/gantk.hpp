// gantk — a header-only C++20 toolkit for training GANs that do not collapse.
// This umbrella header includes the whole library; single_include/gantk/gantk.hpp is generated
// from it (tools/amalgamate.py).
#pragma once

// foundation: configuration, errors, random streams, type lists
#include <gantk/foundation/config.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/foundation/rng.hpp>
#include <gantk/foundation/type_list.hpp>
#include <gantk/backend/cpu.hpp>

// layers and networks
#include <gantk/layers/layer.hpp>
#include <gantk/layers/init.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/elementwise.hpp>
#include <gantk/layers/activations.hpp>
#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/maxout.hpp>
#include <gantk/layers/image.hpp>
#include <gantk/layers/conv2d.hpp>
#include <gantk/layers/conv_transpose2d.hpp>
#include <gantk/layers/reshape.hpp>
#include <gantk/layers/batch_norm2d.hpp>
#include <gantk/layers/avg_pool.hpp>
#include <gantk/layers/upsample.hpp>
#include <gantk/layers/append_condition.hpp>
#include <gantk/layers/auxiliary_outputs.hpp>
#include <gantk/layers/generator_blocks.hpp>
#include <gantk/layers/class_projection.hpp>
#include <gantk/nn/network.hpp>
#include <gantk/nn/sequential.hpp>
#include <gantk/nn/model.hpp>
#include <gantk/nn/softmax_cross_entropy.hpp>
#include <gantk/arch/architecture.hpp>
#include <gantk/arch/mlp.hpp>
#include <gantk/arch/dcgan.hpp>

// losses and optimizers
#include <gantk/losses.hpp>
#include <gantk/optim/optimizers.hpp>

// data and I/O
#include <gantk/data/dataset.hpp>
#include <gantk/data/labeled_dataset.hpp>
#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/data/matrix_dataset.hpp>
#include <gantk/data/labeled_images.hpp>
#include <gantk/data/fashion_mnist.hpp>
#include <gantk/data/image_folder.hpp>
#include <gantk/data/stacked_fashion_mnist.hpp>
#include <gantk/io/atomic_file.hpp>
#include <gantk/io/npy.hpp>
#include <gantk/io/idx.hpp>
#include <gantk/io/png.hpp>
#include <gantk/io/image_grid.hpp>

// training: the policy kinds, the GAN (the model) and fit (the trainer)
#include <gantk/training/policy.hpp>
#include <gantk/training/run_types.hpp>
#include <gantk/training/progress.hpp>
#include <gantk/training/gan.hpp>
#include <gantk/training/fit.hpp>
#include <gantk/training/classifier.hpp>

// remedies for mode collapse, the measured best combinations, and the metrics that see collapse
#include <gantk/strategies.hpp>
#include <gantk/recipes.hpp>
#include <gantk/metrics.hpp>
