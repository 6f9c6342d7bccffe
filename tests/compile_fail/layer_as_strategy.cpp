// expect: a layer was given among the strategies.*gantk::MinibatchDisc
// The minibatch-discrimination layer written where its strategy belongs.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<>, NonSaturatingLoss, MinibatchDisc> gan; }
#else
int main() { GAN<MLP<>, NonSaturatingLoss, MinibatchDiscFeatures<16, 4>> gan; }
#endif
