// expect: D2Gan is D2GAN's second discriminator; the first is the GAN's loss, which must be D2GanLoss
// D2GAN's first discriminator is the loss D2GanLoss; another loss would make a different game.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Loss = D2GanLoss;
#else
using Loss = NonSaturatingLoss;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, Loss, D2Gan> gan; }
