// expect: was another auxiliary-head strategy .* given as well
// D's head carries either the extra discriminator heads or an auxiliary head, not both.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, MultiHeadD<2>> gan; }
#else
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, MultiHeadD<2>, MultiGenerator<3>> gan; }
#endif
