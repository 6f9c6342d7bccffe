// expect: AvgPool<K>: the input image's height and width must be multiples of K
// 2 × 2 average pooling of a 5 × 5 image: the last row and column would fit no window.
#include <gantk/gantk.hpp>
#include <gantk/layers/avg_pool.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using D = Sequential<Image<1, 4, 4>, AvgPool<2>, Dense<1>>;
#else
using D = Sequential<Image<1, 5, 5>, AvgPool<2>, Dense<1>>;
#endif
int main() { D::bind<CpuBackend<float>, D::declared_input> net; (void)net; }
