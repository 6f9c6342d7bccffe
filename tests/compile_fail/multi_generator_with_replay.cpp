// expect: MultiGenerator<K> cannot be combined with ExperienceReplay
// replayed fakes are not marked with the generator that made them.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, MultiGenerator<4>, InstanceNoise> gan; }
#else
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, MultiGenerator<4>, ExperienceReplay> gan; }
#endif
