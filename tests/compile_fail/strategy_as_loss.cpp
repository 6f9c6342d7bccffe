// expect: a strategy was given as the second argument, where the loss goes
// The loss and a strategy swapped.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<>, WassersteinLoss, MinibatchDisc, WeightClipping> gan; }
#else
int main() { GAN<MLP<>, MinibatchDisc, WassersteinLoss, WeightClipping> gan; }
#endif
