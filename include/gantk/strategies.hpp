// gantk — all strategies (sub-umbrella of gantk/gantk.hpp).
#pragma once
