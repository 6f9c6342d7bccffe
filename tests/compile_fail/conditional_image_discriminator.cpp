// expect: Conditional<K> appends the one-hot class code to D's input vector, but this discriminator reads images
// A DCGAN discriminator reads images: the class code has no place among its channels.
#include <gantk/gantk.hpp>
using namespace gantk;
using Img = Image<1, 8, 8>;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using D = Sequential<Dense<16>, LeakyReLU<>, Dense<1>>;
#else
using D = DcganDiscriminator<Img>;
#endif
int main() { GAN<Networks<Latent<4>, Data<64>, DcganGenerator<Img>, D>, NonSaturatingLoss, Conditional<3>> gan; }
