// Every catalog entry compiled for the 1200-d mixture. Latent 8: ten modes in 1200-d need more
// than the two latent dimensions the plane uses.
#include "trainer.hpp"

namespace lab {
TrainFunction highdim_trainer(std::size_t index) { return trainer_for<Shape<8, 1200>>(index); }
long highdim_parameters(std::size_t index) { return parameters_for<Shape<8, 1200>>(index); }
}  // namespace lab
