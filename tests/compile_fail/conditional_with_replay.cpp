// expect: Conditional<K> cannot be combined with ExperienceReplay
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Other = InstanceNoise;
#else
using Other = ExperienceReplay;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, Conditional<4>, Other> gan; }
