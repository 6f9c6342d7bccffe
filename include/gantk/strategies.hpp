// gantk — all strategies (sub-umbrella of gantk/gantk.hpp).
#pragma once
#include <gantk/strategies/unrolled_d.hpp>
