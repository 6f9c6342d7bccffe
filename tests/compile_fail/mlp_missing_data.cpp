// expect: the second argument must be Data<d>, the sample width
// MLP without its data width: the message says what to write instead of "no member named width".
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Arch = MLP<Latent<2>, Data<2>, Hidden<64, 64>>;
#else
using Arch = MLP<Latent<2>, Hidden<64, 64>>;
#endif
int main() { GAN<Arch, WassersteinLoss, WeightClipping> gan; }
