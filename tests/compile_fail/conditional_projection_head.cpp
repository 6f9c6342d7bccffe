// expect: Conditional<K, Conditioning::Projection> replaces D's head by ClassProjection<K>, so D must end in a one-output layer
// A D that ends in an activation has no head layer to replace.
#include <gantk/gantk.hpp>
using namespace gantk;
using G = Sequential<Dense<16>, ReLU, Dense<2>>;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using D = Sequential<Dense<16>, LeakyReLU<>, Dense<1>>;
#else
using D = Sequential<Dense<16>, LeakyReLU<>, Dense<1>, Identity>;
#endif
int main() { GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss, Conditional<4, Conditioning::Projection>> gan; }
