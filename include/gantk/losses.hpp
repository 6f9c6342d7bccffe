// gantk — all losses (sub-umbrella of gantk/gantk.hpp).
#pragma once

#include <gantk/losses/loss.hpp>
#include <gantk/losses/non_saturating_loss.hpp>
#include <gantk/losses/minimax_loss.hpp>
#include <gantk/losses/wasserstein_loss.hpp>
#include <gantk/losses/hinge_loss.hpp>
#include <gantk/losses/least_squares_loss.hpp>
#include <gantk/losses/relativistic_loss.hpp>
#include <gantk/losses/d2gan_loss.hpp>
