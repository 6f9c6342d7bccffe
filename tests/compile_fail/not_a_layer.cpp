// expect: holds a type that is not a layer spec
// A loss inside a Sequential.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using D = Sequential<Dense<16>, ReLU, Dense<1>>;
#else
using D = Sequential<Dense<16>, NonSaturatingLoss, Dense<1>>;
#endif
using G = Sequential<Dense<16>, ReLU, Dense<2>>;
int main() { GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss> gan; }
