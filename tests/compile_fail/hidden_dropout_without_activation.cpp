// expect: HiddenDropout inserts Dropout after hidden activations \(or Maxout layers\), and this network has none
// A linear discriminator has no hidden activation to put dropout after.
#include <gantk/gantk.hpp>
using namespace gantk;
using G = Sequential<Dense<8>, ReLU, Dense<2>>;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using D = Sequential<Dense<8>, ReLU, Dense<1>>;
#else
using D = Sequential<Dense<8>, Dense<1>>;
#endif
int main() { GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss, HiddenDropout<0.3>> gan; }
