// expect: PacGAN<m>: the pack size m must be at least 1
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
constexpr int m = 1;
#else
constexpr int m = 0;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, PacGAN<m>> gan; }
