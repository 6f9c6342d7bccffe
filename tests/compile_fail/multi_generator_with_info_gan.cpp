// expect: two strategies in this GAN give D an auxiliary head
// MultiGenerator's generator head and InfoGAN's Q head both widen D's head; one D carries one.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<Latent<6>, Data<2>, Hidden<8>>, NonSaturatingLoss, MultiGenerator<4>> gan; }
#else
int main() { GAN<MLP<Latent<6>, Data<2>, Hidden<8>>, NonSaturatingLoss, MultiGenerator<4>, InfoGan<4>> gan; }
#endif
