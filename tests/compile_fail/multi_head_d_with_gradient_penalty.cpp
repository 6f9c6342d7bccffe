// expect: several discriminators .MultiHeadD<N>, Gman<N>. cannot be combined with an input-gradient penalty
// The penalty differentiates D's first head only; the other heads would be unconstrained.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Penalty = WeightDecay;
#else
using Penalty = GradientPenalty;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, WassersteinLoss, MultiHeadD<3>, Penalty> gan; }
