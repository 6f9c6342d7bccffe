// Trains one catalog entry on one data shape and evaluates it. The definitions live in
// trainer.hpp and are compiled once per shape (trainers_plane.cpp, trainers_highdim.cpp), so the
// two sets of GAN types build in parallel and main.cpp never instantiates a GAN itself.
#pragma once

#include <cstddef>

#include "data_sets.hpp"
#include "run.hpp"

namespace lab {

using TrainFunction = RunResult (*)(const RunSpec&);

/// The trainer of catalog entry `index` for the 2-d shape and for the 1200-d shape.
TrainFunction plane_trainer(std::size_t index);
TrainFunction highdim_trainer(std::size_t index);

inline TrainFunction trainer(ShapeKind shape, std::size_t index) {
  return shape == ShapeKind::Plane ? plane_trainer(index) : highdim_trainer(index);
}

/// G's and D's weights together: what the job pool uses to start the longest runs first.
long plane_parameters(std::size_t index);
long highdim_parameters(std::size_t index);

inline long parameters(ShapeKind shape, std::size_t index) {
  return shape == ShapeKind::Plane ? plane_parameters(index) : highdim_parameters(index);
}

}  // namespace lab
