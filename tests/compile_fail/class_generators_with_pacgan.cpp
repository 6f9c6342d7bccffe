// expect: Conditional<K> cannot be combined with PacGAN<m>
// ClassGenerators<K> is a Conditional<K> whose G is one generator per class: the same refusals.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
constexpr int m = 1;
#else
constexpr int m = 2;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, ClassGenerators<4>, PacGAN<m>> gan; }
