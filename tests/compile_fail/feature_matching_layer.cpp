// expect: FeatureMatchingWith<Layer>: Layer must name a layer of the discriminator
// Layer 7 of a five-layer discriminator.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
constexpr int layer = 4;
#else
constexpr int layer = 7;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8, 8>>, NonSaturatingLoss, FeatureMatchingWith<layer>> gan; }
