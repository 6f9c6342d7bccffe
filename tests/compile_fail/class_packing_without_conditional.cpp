// expect: ClassPacking<m> packs samples of one class, so it needs a class-conditional GAN whose D is told the class
// ClassPacking<m> in a GAN that is not class-conditional: D would get no class code per pack.
#include <gantk/gantk.hpp>
using namespace gantk;
using Arch = MLP<Latent<2>, Data<2>, Hidden<8>>;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<Arch, NonSaturatingLoss, Conditional<4>, ClassPacking<2>> gan; }
#else
int main() { GAN<Arch, NonSaturatingLoss, ClassPacking<2>> gan; }
#endif
