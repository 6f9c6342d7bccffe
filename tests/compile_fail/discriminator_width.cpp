// expect: the discriminator must end in one output per \(packed\) sample
// A discriminator with two outputs.
#include <gantk/gantk.hpp>
using namespace gantk;
using G = Sequential<Dense<16>, ReLU, Dense<2>>;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using D = Sequential<Dense<16>, ReLU, Dense<1>>;
#else
using D = Sequential<Dense<16>, ReLU, Dense<2>>;
#endif
int main() { GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss> gan; }
