// expect: the drop probability Rate must lie in \[0, 1\)
// Dropping every activation.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
constexpr double rate = 0.9;
#else
constexpr double rate = 1.0;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, HiddenDropout<rate>> gan; }
