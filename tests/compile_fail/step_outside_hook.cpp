// expect: Step::fake_grad\(\) is offered in g_objective and g_penalty only
// A hook may use only what its Step view offers: on_batch runs before G, so ∂/∂fake is not
// there; the control takes it in g_penalty, where it is.
#include <gantk/gantk.hpp>
using namespace gantk;
struct Push : Strategy {
#ifdef GANTK_COMPILE_FAIL_CONTROL
  template <class Step>
  double g_penalty(Step& step) {
    step.fake_grad().array() += 1;
    return 0.0;
  }
#else
  template <class Step>
  void on_batch(Step& step) {
    step.fake_grad().array() += 1;
  }
#endif
};
int main() {
  GAN<MLP<Latent<2>, Data<2>, Hidden<8, 8>>, NonSaturatingLoss, Push> gan;
  gan.train_step(data::Ring{}.dataset(), 8);
}
