// expect: BatchNorm<W> follows a layer whose output width is not W
// BatchNorm<64> after a layer of width 128.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using G = Sequential<Dense<128>, BatchNorm<128>, ReLU, Dense<2>>;
#else
using G = Sequential<Dense<128>, BatchNorm<64>, ReLU, Dense<2>>;
#endif
using D = Sequential<Dense<16>, ReLU, Dense<1>>;
int main() { GAN<Networks<Latent<2>, Data<2>, G, D>, NonSaturatingLoss> gan; }
