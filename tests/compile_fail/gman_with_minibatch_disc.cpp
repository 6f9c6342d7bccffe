// expect: several independent discriminators .* are built from D's layers as N copies side by side
// Minibatch discrimination mixes the samples of a batch inside D; N copies of it are not N networks.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, Gman<3>, HiddenDropout<>> gan; }
#else
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, Gman<3>, MinibatchDisc> gan; }
#endif
