// gantk — all metrics (sub-umbrella of gantk/gantk.hpp).
#pragma once

#include <gantk/metrics/mixture_coverage.hpp>
