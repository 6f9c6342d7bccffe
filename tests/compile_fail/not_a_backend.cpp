// expect: this type is not a gantk backend
// A backend that lacks one operation of BackendOps (here map_broadcast) cannot hold a network.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using MyBackend = CpuBackend<float>;
#else
struct MyBackend : CpuBackend<float> {
  static constexpr int map_broadcast = 0;  // hides the operation
};
#endif
int main() {
  Sequential<Dense<2>>::bind<MyBackend, 3> net;
  (void)net;
}
