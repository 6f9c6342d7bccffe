// gantk — all metrics (sub-umbrella of gantk/gantk.hpp).
#pragma once
