// expect: several discriminators .MultiHeadD<N>, Gman<N>. need a loss whose G objective reads D.s fake outputs only
// A relativistic loss's G objective also reads D(real), which the soft-mean does not carry.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Loss = NonSaturatingLoss;
#else
using Loss = RelativisticLoss;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, Loss, MultiHeadD<2>> gan; }
