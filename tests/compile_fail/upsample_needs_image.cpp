// expect: this layer works on images, but the layer before it gives a flat vector
// Up-sampling right after a Dense layer: the vector it gets has no image shape.
#include <gantk/gantk.hpp>
#include <gantk/layers/reshape.hpp>
#include <gantk/layers/upsample.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using G = Sequential<Dense<16>, Reshape<1, 4, 4>, Upsample<2, UpsampleMode::Bilinear>, Tanh>;
#else
using G = Sequential<Dense<16>, Upsample<2, UpsampleMode::Bilinear>, Tanh>;
#endif
int main() { G::bind<CpuBackend<float>, 8> net; (void)net; }
