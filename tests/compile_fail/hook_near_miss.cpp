// expect: looks like a hook but is none.*The hooks are: on_batch, on_d_inputs
// A strategy member named like a hook that the GAN does not call (here the old G-side name
// after_g_step) must not compile silently; the control names a real hook.
#include <gantk/gantk.hpp>
using namespace gantk;
struct Clamp : Strategy {
#ifdef GANTK_COMPILE_FAIL_CONTROL
  template <class Ctx>
  void after_d_update(Ctx&) {}
#else
  template <class Ctx>
  void after_g_step(Ctx&) {}
#endif
};
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8, 8>>, NonSaturatingLoss, Clamp> gan; }
