// expect: the generator's last layer must output Data<d>'s width
// A generator ending in 3 outputs for 2-d data.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using G = Sequential<Dense<16>, ReLU, Dense<2>>;
#else
using G = Sequential<Dense<16>, ReLU, Dense<3>>;
#endif
using D = Sequential<Dense<16>, ReLU, Dense<1>>;
int main() { GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss> gan; }
