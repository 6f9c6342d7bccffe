// expect: InfoGan<C, M>: the codes take the first C \+ M entries of G's latent vector, so Latent<z> must be wider
// InfoGan<8> needs Latent<z> with z > 8: the codes leave G no noise otherwise.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
constexpr int z = 10;
#else
constexpr int z = 8;
#endif
int main() { GAN<MLP<Latent<z>, Data<2>, Hidden<8>>, NonSaturatingLoss, InfoGan<8>> gan; }
