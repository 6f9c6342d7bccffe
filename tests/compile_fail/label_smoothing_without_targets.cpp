// expect: LabelSmoothing moves D's target for real samples, but this GAN's loss has no targets
// One-sided label smoothing with a critic loss (no targets to smooth), as a Wasserstein loss is.
#include <gantk/gantk.hpp>
using namespace gantk;

// E[D(fake)] − E[D(real)] for D, −E[D(fake)] for G: the Wasserstein critic's loss
struct CriticLoss {
#ifdef GANTK_COMPILE_FAIL_CONTROL
  static constexpr bool has_targets = true;
#else
  static constexpr bool has_targets = false;
#endif
  static constexpr bool g_needs_real = false;
  template <class B>
  typename B::Scalar d_loss(typename B::CView r, typename B::CView f, typename B::View dr, typename B::View df,
                            const Targets&) const {
    using T = typename B::Scalar;
    B::fill(dr, T(-1) / T(r.size()));
    B::fill(df, T(1) / T(f.size()));
    return f.mean() - r.mean();
  }
  template <class B>
  typename B::Scalar g_loss(typename B::CView, typename B::CView f, typename B::View df) const {
    using T = typename B::Scalar;
    B::fill(df, T(-1) / T(f.size()));
    return -f.mean();
  }
};
int main() { GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, CriticLoss, LabelSmoothing> gan; }
