// gantk — every remedy for mode collapse, grouped by how it acts (sub-umbrella of gantk/gantk.hpp).
#pragma once

// loss terms: what D or G minimise gains a term (or G's objective is replaced)
#include <gantk/nn/second_order.hpp>
#include <gantk/strategies/loss_terms/input_gradient_penalty.hpp>
#include <gantk/strategies/loss_terms/gradient_penalty.hpp>
#include <gantk/strategies/loss_terms/r1_penalty.hpp>
#include <gantk/strategies/loss_terms/r2_penalty.hpp>
#include <gantk/strategies/loss_terms/dragan_penalty.hpp>
#include <gantk/strategies/loss_terms/weight_decay.hpp>
#include <gantk/strategies/loss_terms/label_smoothing.hpp>
#include <gantk/strategies/loss_terms/mode_seeking.hpp>
#include <gantk/strategies/loss_terms/feature_matching.hpp>

// D-input transforms: what D sees is chosen (Select) or perturbed (Perturb), or packed
#include <gantk/strategies/d_inputs/class_packing.hpp>
#include <gantk/strategies/d_inputs/pacgan.hpp>
#include <gantk/strategies/d_inputs/experience_replay.hpp>
#include <gantk/strategies/d_inputs/instance_noise.hpp>
#include <gantk/strategies/d_inputs/generator_noise.hpp>

// network rewrites: D's (or G's) layers change type
#include <gantk/strategies/network_rewrites/minibatch_disc.hpp>
#include <gantk/strategies/network_rewrites/minibatch_stddev.hpp>
#include <gantk/strategies/network_rewrites/spectral_norm.hpp>
#include <gantk/strategies/network_rewrites/hidden_dropout.hpp>

// update rules: how a network's parameters move after (or instead of) the plain step
#include <gantk/strategies/update_rules/weight_clipping.hpp>
#include <gantk/strategies/update_rules/learning_rate_decay.hpp>
#include <gantk/strategies/update_rules/unrolled_d.hpp>

// conditioning: G and D see a class code with every sample (labelled data), or D predicts it
// (AC-GAN), or G keeps latent codes recoverable (InfoGAN)
#include <gantk/strategies/conditioning/auxiliary_classifier.hpp>
#include <gantk/strategies/conditioning/auxiliary_head.hpp>
#include <gantk/strategies/conditioning/conditional.hpp>
#include <gantk/strategies/conditioning/info_gan.hpp>

// multiple generators: K generators, and a D that also tells which one made a fake (MAD-GAN, MGAN);
// one generator per class of labelled data
#include <gantk/strategies/generators/class_generators.hpp>
#include <gantk/strategies/generators/multi_generator.hpp>

// several discriminators: N heads on D's body or N independent networks, G on GMAN's soft-mean of
// their losses; D2GAN's two discriminators with the KL and reverse-KL roles
#include <gantk/strategies/discriminators/independent_discriminators.hpp>
#include <gantk/strategies/discriminators/multi_head_d.hpp>
#include <gantk/strategies/discriminators/gman.hpp>
#include <gantk/strategies/discriminators/d2gan.hpp>
