// gantk — all penalties (sub-umbrella of gantk/gantk.hpp).
#pragma once
