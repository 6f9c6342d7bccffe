// expect: Reshape<C, H, W> receives a vector whose width is not C·H·W
// A generator reshapes 32 values into a 2 × 4 × 4 image (32 would be 2 × 4 × 4: 2 × 3 × 3 is not).
#include <gantk/gantk.hpp>
#include <gantk/layers/conv_transpose2d.hpp>
#include <gantk/layers/reshape.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using G = Sequential<Dense<32>, Reshape<2, 4, 4>, ConvTranspose2d<1, 4, 2, 1>, Tanh>;
#else
using G = Sequential<Dense<32>, Reshape<2, 3, 3>, ConvTranspose2d<1, 4, 2, 1>, Tanh>;
#endif
int main() { G::bind<CpuBackend<float>, 8> net; (void)net; }
