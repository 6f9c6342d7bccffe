// expect: this network has a layer without the second-order passes
// A first-order-only layer in a network asked for a tangent pass.
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

int main() {
  using B = CpuBackend<float>;
  using Net = Sequential<Dense<4>, FirstOrderOnly, Dense<1>>::bind<B, 2>;
  Net net;
  Net::Tape tape;
  B::Vector p = B::Vector::Zero(Net::param_count);
  net.tangent_forward(p.data(), nullptr, tape, B::cnone());
}
