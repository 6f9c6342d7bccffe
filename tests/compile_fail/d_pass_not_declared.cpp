// expect: declare `static constexpr bool reads_d_real_pass = true;` in the strategy
// A strategy may read the GAN's own pass of D on the real inputs only if it says so (the GAN then
// keeps that pass ready for it); the control declares it.
#include <gantk/gantk.hpp>
using namespace gantk;
struct ReadsDReal : Strategy {
#ifdef GANTK_COMPILE_FAIL_CONTROL
  static constexpr bool reads_d_real_pass = true;
#endif
  template <class Step>
  double d_penalty(Step& step) {
    return static_cast<double>(step.d_real_pass().output().sum()) * 0.0;
  }
};
int main() {
  GAN<MLP<Latent<2>, Data<2>, Hidden<8, 8>>, NonSaturatingLoss, ReadsDReal> gan;
  gan.train_step(data::Ring{}.dataset(), 8);
}
