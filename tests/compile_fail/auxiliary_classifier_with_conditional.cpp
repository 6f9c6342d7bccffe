// expect: two strategies in this GAN condition it on classes
// AC-GAN conditions G itself and asks D for the class; Conditional<K> would tell D the class too.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, AuxiliaryClassifier<4>> gan; }
#else
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, Conditional<4>, AuxiliaryClassifier<4>> gan; }
#endif
