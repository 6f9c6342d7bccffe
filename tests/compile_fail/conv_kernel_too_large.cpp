// expect: the kernel is larger than the \(padded\) input image
// A 5 × 5 kernel on a 4 × 4 image without padding.
#include <gantk/gantk.hpp>
#include <gantk/layers/conv2d.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using D = Sequential<Image<1, 4, 4>, Conv2d<2, 5, 1, 1>, Dense<1>>;
#else
using D = Sequential<Image<1, 4, 4>, Conv2d<2, 5>, Dense<1>>;
#endif
int main() { D::bind<CpuBackend<float>, 16> net; (void)net; }
