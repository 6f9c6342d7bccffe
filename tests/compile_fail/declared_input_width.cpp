// expect: the network was written for another input width
// A discriminator written for 3-d input in a GAN on 2-d data.
#include <gantk/gantk.hpp>
using namespace gantk;
using G = Sequential<Dense<16>, ReLU, Dense<2>>;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using D = Sequential<In<2>, Dense<16>, ReLU, Dense<1>>;
#else
using D = Sequential<In<3>, Dense<16>, ReLU, Dense<1>>;
#endif
int main() { GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss> gan; }
