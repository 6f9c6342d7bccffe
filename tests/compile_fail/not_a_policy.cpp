// expect: every type after the loss must be a gantk strategy
// `int` in the strategy list.
#include <gantk/gantk.hpp>
using namespace gantk;
using Arch = MLP<Latent<2>, Data<2>, Hidden<16>>;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<Arch, NonSaturatingLoss, Precision<double>> gan; }
#else
int main() { GAN<Arch, NonSaturatingLoss, int> gan; }
#endif
