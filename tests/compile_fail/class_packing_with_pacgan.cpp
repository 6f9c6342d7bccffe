// expect: ClassPacking<m> cannot be combined with PacGAN<m>
// PacGAN<m> on top of ClassPacking<m>: PacGAN would join packs of different classes.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
constexpr int m = 1;
#else
constexpr int m = 2;
#endif
int main() {
  GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, Conditional<4>, ClassPacking<2>, PacGAN<m>> gan;
}
