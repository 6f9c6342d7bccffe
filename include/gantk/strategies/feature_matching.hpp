// FeatureMatching and FeatureMatchingWith<Layer, Use>: the generator matches the mean of the discriminator's intermediate
// features on real data (Salimans et al. 2016, "Improved Techniques for Training GANs", §3.1).
#pragma once

#include <cmath>
#include <type_traits>

#include <gantk/core/error.hpp>
#include <gantk/core/policy.hpp>
#include <gantk/strategies/partial_backward.hpp>
#include <gantk/strategies/scratch.hpp>

namespace gantk {

/// Whether FeatureMatching replaces G's objective (as in the paper) or adds to the loss's.
enum class FeatureMatchingUse { ReplaceLoss, AddToLoss };

namespace detail {
template <int Layer, int Depth>
struct FeatureLayerCheck {
  static_assert(Layer >= -Depth && Layer < Depth,
                "FeatureMatchingWith<Layer>: Layer must name a layer of the discriminator (0 … depth−1, or −1 … −depth "
                "counted from D's output); FeatureLayerCheck<Layer, Depth> in the instantiation gives both");
  static constexpr int index = Layer < 0 ? Depth + Layer : Layer;
};
}  // namespace detail

/// G's objective becomes ‖E_real f(x) − E_fake f(G(z))‖², f the output of D's layer `Layer`
/// (negative values count from the end: −1 is D's output, −2, the default, the features entering
/// D's head). Instead of maximising D's output on the current fakes, which invites G to jump to
/// whichever mode D currently likes, G matches the statistics of real data as D sees them.
/// Both means are over the current batch (packs under PacGAN); the real mean is a constant
/// of G's objective. D is run in train mode, after its update, on what it sees this step
/// (instance noise included).
///
/// With Use = ReplaceLoss (the paper's choice, the default) it defines G's objective, so it
/// cannot be combined with another strategy that does; with AddToLoss, `weight` times the same
/// term is added to the loss's G objective as a penalty.
/// @tparam Layer  index of D's layer whose output is matched
/// @tparam Use    FeatureMatchingUse::ReplaceLoss or FeatureMatchingUse::AddToLoss
template <int Layer = -2, FeatureMatchingUse Use = FeatureMatchingUse::ReplaceLoss>
struct FeatureMatchingWith : Strategy {
  static constexpr bool replaces_g_objective = Use == FeatureMatchingUse::ReplaceLoss;

  double weight = 1.0;  ///< factor on the matching term

  // ---- internal buffers (sized in prepare) ----
  detail::ScratchMatrix mean_real_, mean_fake_, feature_grad_, input_grad_;

  template <class Gan>
  void validate(const Gan&) const {
    (void)detail::FeatureLayerCheck<Layer, int(Gan::DNet::depth)>::index;
    GANTK_CHECK(weight > 0 && std::isfinite(weight), "FeatureMatching: weight must be positive and finite, got ",
                weight);
  }

  template <class Gan>
  void prepare(Gan&, Index batch) {
    using T = typename Gan::T;
    constexpr int width = Gan::DNet::out_widths[feature_layer<Gan>()];
    mean_real_.resize<T>(width, 1);
    mean_fake_.resize<T>(width, 1);
    feature_grad_.resize<T>(width, batch / Gan::pack);
    if constexpr (!replaces_g_objective) input_grad_.resize<T>(Gan::data_width, batch);
  }

  /// G's objective (ReplaceLoss): writes its gradient into ctx.fake_grad.
  template <class Ctx>
    requires(Use == FeatureMatchingUse::ReplaceLoss)
  double g_objective(Ctx& ctx) {
    return match(ctx, ctx.fake_grad);
  }

  /// The same term added to the loss's G objective (AddToLoss).
  template <class Ctx>
    requires(Use == FeatureMatchingUse::AddToLoss)
  double g_penalty(Ctx& ctx) {
    using Gan = std::remove_cvref_t<decltype(ctx.gan)>;
    auto& g = input_grad_.get<typename Gan::T>();
    const double value = match(ctx, Gan::B::view(g));
    ctx.fake_grad += g;
    return value;
  }

  template <class Gan>
  static constexpr std::size_t feature_layer() {
    return static_cast<std::size_t>(detail::FeatureLayerCheck<Layer, int(Gan::DNet::depth)>::index);
  }

 private:
  // weight·‖μ_fake − μ_real‖²; its gradient with respect to the fakes goes to `out`
  template <class Ctx, class View>
  double match(Ctx& ctx, View out) {
    using Gan = std::remove_cvref_t<decltype(ctx.gan)>;
    using T = typename Gan::T;
    using B = typename Gan::B;
    constexpr std::size_t I = feature_layer<Gan>();
    auto& d = ctx.gan.discriminator();
    auto& ws = ctx.gan.workspace();
    const Pass pass = ctx.gan.train_pass();
    auto& mr = mean_real_.get<T>();
    auto& mf = mean_fake_.get<T>();
    auto& fg = feature_grad_.get<T>();
    d.net.forward(d.params.data(), d.state.data(), ctx.packed(ctx.d_real_input), ws.d_real_tape, pass);
    B::row_means(mr.data(), B::cview(ws.d_real_tape.out[I]));
    d.net.forward(d.params.data(), d.state.data(), ctx.packed(ctx.d_fake_input), ws.d_fake_tape, pass);
    B::row_means(mf.data(), B::cview(ws.d_fake_tape.out[I]));
    double value = 0;
    for (Index k = 0; k < mf.rows(); ++k) {
      const double diff = static_cast<double>(mf(k, 0)) - static_cast<double>(mr(k, 0));
      value += diff * diff;
    }
    const T scale = static_cast<T>(2.0 * weight / static_cast<double>(fg.cols()));
    for (Index j = 0; j < fg.cols(); ++j)
      for (Index k = 0; k < fg.rows(); ++k) fg(k, j) = scale * (mf(k, 0) - mr(k, 0));
    detail::backward_from<I>(d.net, d.params.data(), ws.d_fake_tape, B::cview(fg),
                             B::view(out.data(), Gan::d_input_width, fg.cols()));
    return weight * value;
  }
};

/// Feature matching as in the paper: the features entering D's head, replacing G's objective
/// (`GAN<..., FeatureMatching>`). For another layer or as an added term write
/// FeatureMatchingWith<Layer, Use>. (`FeatureMatching<>` does not compile: write `FeatureMatching`.)
using FeatureMatching = FeatureMatchingWith<>;

}  // namespace gantk
