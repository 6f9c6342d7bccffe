// expect: MultiGenerator<K> cannot be combined with PacGAN<m>
// D tells which generator made each sample; a pack joins samples of different generators.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
constexpr int m = 1;
#else
constexpr int m = 2;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, MultiGenerator<4>, PacGAN<m>> gan; }
