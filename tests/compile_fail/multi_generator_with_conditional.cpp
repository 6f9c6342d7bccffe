// expect: MultiGenerator<K> cannot be combined with a class-conditional strategy
// G's one-hot code names either a class or a generator.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, MultiGenerator<4>> gan; }
#else
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, Conditional<4>, MultiGenerator<4>> gan; }
#endif
