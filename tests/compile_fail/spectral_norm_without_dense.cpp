// expect: SpectralNorm normalises the discriminator's Dense layers, and this discriminator has none
// A maxout-only discriminator has no Dense layer to normalise.
#include <gantk/gantk.hpp>
using namespace gantk;
using G = Sequential<Dense<8>, ReLU, Dense<2>>;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using D = Sequential<Maxout<8, 2>, Dense<1>>;
#else
using D = Sequential<Maxout<8, 2>, Maxout<1, 2>>;
#endif
int main() { GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss, SpectralNorm> gan; }
