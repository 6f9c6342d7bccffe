// gantk — all penalties and D-side constraints (sub-umbrella of gantk/gantk.hpp).
#pragma once

#include <gantk/nn/second_order.hpp>
#include <gantk/penalties/input_gradient_penalty.hpp>
#include <gantk/penalties/gradient_penalty.hpp>
#include <gantk/penalties/r1_penalty.hpp>
#include <gantk/penalties/r2_penalty.hpp>
#include <gantk/penalties/dragan_penalty.hpp>
#include <gantk/penalties/weight_clipping.hpp>
