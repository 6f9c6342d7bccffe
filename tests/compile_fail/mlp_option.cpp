// expect: MLP<Latent<z>, Data<d>, ...>: unknown option
// A layer given where an MLP option is expected.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Arch = MLP<Latent<2>, Data<2>, Hidden<16>, DActivation<LeakyReLU<>>>;
#else
using Arch = MLP<Latent<2>, Data<2>, Hidden<16>, LeakyReLU<>>;
#endif
int main() { GAN<Arch, NonSaturatingLoss> gan; }
