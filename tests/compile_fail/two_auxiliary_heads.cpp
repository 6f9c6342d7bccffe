// expect: two strategies in this GAN give D an auxiliary head
// AuxiliaryClassifier<K> and InfoGan both widen D's head; one D carries one auxiliary head.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<Latent<6>, Data<2>, Hidden<8>>, NonSaturatingLoss, InfoGan<4>> gan; }
#else
int main() { GAN<MLP<Latent<6>, Data<2>, Hidden<8>>, NonSaturatingLoss, AuxiliaryClassifier<4>, InfoGan<4>> gan; }
#endif
