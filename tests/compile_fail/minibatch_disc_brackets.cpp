// expect: MinibatchDisc.*is not a template
// MinibatchDisc is a type (the default-sized strategy), so `MinibatchDisc<>` cannot compile; the
// compiler's own message says so, and MinibatchDiscWith<B, C> carries other sizes.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<>, NonSaturatingLoss, MinibatchDisc, MinibatchDiscWith<8, 3>> gan; }
#else
int main() { GAN<MLP<>, NonSaturatingLoss, MinibatchDisc<>> gan; }
#endif
