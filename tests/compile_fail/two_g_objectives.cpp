// expect: two strategies in this GAN both replace G's objective
// Feature matching on two layers, each replacing G's objective.
#include <gantk/gantk.hpp>
using namespace gantk;
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Second = FeatureMatchingWith<-3, FeatureMatchingUse::AddToLoss>;
#else
using Second = FeatureMatchingWith<-3>;
#endif
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8, 8>>, NonSaturatingLoss, FeatureMatching, Second> gan; }
