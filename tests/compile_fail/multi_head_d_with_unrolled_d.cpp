// expect: two strategies in this GAN both replace G's objective
// MultiHeadD<N>'s soft-mean is G's objective; UnrolledD's lookahead is another.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, MultiHeadD<2>> gan; }
#else
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, MultiHeadD<2>, UnrolledD<2>> gan; }
#endif
