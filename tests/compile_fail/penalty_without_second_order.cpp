// expect: needs the exact second-order passes of every layer of D
// A gradient penalty on a discriminator with a layer that has only first-order passes.
#include <gantk/gantk.hpp>
using namespace gantk;

// forward/backward only: enough for plain training, not for penalties on ∇ₓD
template <class B, int W>
struct FirstOrderOnlyLayer : ElementwiseLayer<B, W, fn::Identity> {
#ifndef GANTK_COMPILE_FAIL_CONTROL
  void tangent_forward() const = delete;
#endif
};
struct FirstOrderOnly {
  template <class B, int In>
  using bind = FirstOrderOnlyLayer<B, In>;
};

using G = Sequential<Dense<8>, ReLU, Dense<2>>;
using D = Sequential<Dense<8>, FirstOrderOnly, ReLU, Dense<1>>;
int main() {
  GAN<Networks<Latent<2>, Data<2>, G, D>, WassersteinLoss, GradientPenalty> gan;
  gan.train_step(data::Ring{}.dataset(), 16);
}
