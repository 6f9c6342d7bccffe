// expect: exact unrolling differentiates through D's updates, and a penalised update already contains
// Exact unrolling combined with a penalty on D's input gradient (it would need third derivatives).
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Unrolled = UnrolledD<5, Unroll::FirstOrder>;
#else
using Unrolled = UnrolledD<5>;
#endif
int main() {
  GAN<MLP<Latent<2>, Data<2>, Hidden<8, 8>>, WassersteinLoss, R1Penalty, Unrolled> gan;
  gan.train_step(data::Ring{}.dataset(), 16);
}
