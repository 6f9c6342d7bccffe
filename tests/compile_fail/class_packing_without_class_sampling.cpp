// expect: ClassPacking<m> draws the m real samples of a pack from one class, so the dataset must be a
// ClassPacking<m> on labelled data that cannot draw samples of a given class (no sample_class).
#include <span>
#include <gantk/gantk.hpp>
using namespace gantk;
struct FourClasses {
  int width() const { return 2; }
  int classes() const { return 4; }
  template <class T>
  void sample(HostView<T> out, Rng&) const {
    out.setZero();
  }
  template <class T>
  void sample(HostView<T> out, std::span<int> labels, Rng&) const {
    out.setZero();
    for (int& l : labels) l = 0;
  }
#ifdef GANTK_COMPILE_FAIL_CONTROL
  template <class T>
  void sample_class(HostView<T> out, int, Rng&) const {
    out.setZero();
  }
#endif
};
int main() {
  GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, Conditional<4>, ClassPacking<2>> gan;
  gan.train_step(FourClasses{}, 8);
}
