// expect: this layer works on images, but the layer before it gives a flat vector
// A convolution after a Dense layer: the vector it gets has no image shape.
#include <gantk/gantk.hpp>
#include <gantk/layers/conv2d.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using D = Sequential<Image<1, 8, 8>, Conv2d<4, 3>, ReLU, Dense<1>>;
#else
using D = Sequential<Dense<64>, Conv2d<4, 3>, ReLU, Dense<1>>;
#endif
int main() { D::bind<CpuBackend<float>, 64> net; (void)net; }
