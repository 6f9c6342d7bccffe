// gantk — all strategies (sub-umbrella of gantk/gantk.hpp).
#pragma once

#include <gantk/strategies/experience_replay.hpp>
#include <gantk/strategies/feature_matching.hpp>
#include <gantk/strategies/generator_noise.hpp>
#include <gantk/strategies/hidden_dropout.hpp>
#include <gantk/strategies/instance_noise.hpp>
#include <gantk/strategies/label_smoothing.hpp>
#include <gantk/strategies/learning_rate_decay.hpp>
#include <gantk/strategies/minibatch_disc.hpp>
#include <gantk/strategies/minibatch_stddev.hpp>
#include <gantk/strategies/mode_seeking.hpp>
#include <gantk/strategies/pacgan.hpp>
#include <gantk/strategies/spectral_norm.hpp>
#include <gantk/strategies/unrolled_d.hpp>
#include <gantk/strategies/weight_decay.hpp>

// the measured best combinations, by name
#include <gantk/strategies/recipes.hpp>
