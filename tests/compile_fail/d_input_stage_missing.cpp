// expect: defines on_d_inputs but does not say when it runs
// A D-input transform must declare its DInputStage, so the GAN can order it among the others.
#include <gantk/gantk.hpp>
using namespace gantk;
struct Flip : Strategy {
#ifdef GANTK_COMPILE_FAIL_CONTROL
  static constexpr DInputStage d_input_stage = DInputStage::Perturb;
#endif
  template <class Ctx>
  void on_d_inputs(Ctx&) {}
};
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8, 8>>, NonSaturatingLoss, Flip> gan; }
