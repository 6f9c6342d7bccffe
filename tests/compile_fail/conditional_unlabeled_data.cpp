// expect: this GAN is class-conditional \(Conditional<K>, AuxiliaryClassifier<K>\), so it trains on labelled
// fit() of a class-conditional GAN on a dataset without labels.
#include <gantk/gantk.hpp>
using namespace gantk;
int main() {
  GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, Conditional<4>> gan;
#ifdef GANTK_COMPILE_FAIL_CONTROL
  gan.fit(data::Grid{.side = 2}, {.steps = 0});
#else
  gan.fit(data::MatrixDataset<float>(HostMatrix<float>::Zero(2, 10)), {.steps = 0});
#endif
}
