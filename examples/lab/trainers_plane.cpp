// Every catalog entry compiled for the 2-d mixtures (ring, grid): latent 2, data 2.
#include "trainer.hpp"

namespace lab {
TrainFunction plane_trainer(std::size_t index) { return trainer_for<Shape<2, 2>>(index); }
long plane_parameters(std::size_t index) { return parameters_for<Shape<2, 2>>(index); }
}  // namespace lab
