// expect: the second argument must be a loss policy
// A layer where the loss belongs.
#include <gantk/gantk.hpp>
using namespace gantk;
using Arch = MLP<Latent<2>, Data<2>, Hidden<16>>;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<Arch, MinimaxLoss> gan; }
#else
int main() { GAN<Arch, ReLU> gan; }
#endif
