// expect: several discriminators .MultiHeadD<N>, Gman<N>. cannot be combined with an input-gradient penalty
// The penalty differentiates the first discriminator only; the others would be unconstrained.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Penalty = WeightClipping;
#else
using Penalty = R1Penalty;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, Gman<2>, Penalty> gan; }
