// FeatureMatching and FeatureMatchingWith<Layer, Use>: the generator matches the mean of the discriminator's intermediate
// features on real data (Salimans et al. 2016, "Improved Techniques for Training GANs", §3.1).
#pragma once

#include <cmath>
#include <type_traits>

#include <gantk/foundation/error.hpp>
#include <gantk/training/policy.hpp>
#include <gantk/nn/partial_backward.hpp>

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

  /// The index of the matched layer in the GAN's D.
  template <class Gan>
  static constexpr std::size_t feature_layer() {
    return static_cast<std::size_t>(detail::FeatureLayerCheck<Layer, int(Gan::DNet::depth)>::index);
  }

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// FeatureMatchingWith in a GAN: its own passes of D (it does not touch the GAN's) and the
/// feature means and gradients, in the GAN's types.
template <int Layer, FeatureMatchingUse Use>
template <class Gan>
class FeatureMatchingWith<Layer, Use>::Bound : public FeatureMatchingWith<Layer, Use> {
  using Base = FeatureMatchingWith<Layer, Use>;
  using T = typename Gan::T;
  using B = typename Gan::B;
  using Matrix = typename Gan::Matrix;
  static constexpr std::size_t I = Base::template feature_layer<Gan>();
  static constexpr int width = Gan::DNet::out_widths[I];

 public:
  void validate() const {
    (void)detail::FeatureLayerCheck<Layer, int(Gan::DNet::depth)>::index;  // Layer names a layer of D
    GANTK_CHECK(this->weight > 0 && std::isfinite(this->weight),
                "FeatureMatching: weight must be positive and finite, got ", this->weight);
  }

  void prepare(Index batch) {
    const Index n = batch / Gan::pack;
    real_tape_.resize(n);
    fake_tape_.resize(n);
    mean_real_.resize(width, 1);
    mean_fake_.resize(width, 1);
    feature_grad_.resize(width, n);
    if constexpr (!Base::replaces_g_objective) input_grad_.resize(Gan::data_width, batch);
  }

  /// G's objective (ReplaceLoss): writes its gradient into the step's fake_grad.
  template <class Step>
    requires(Use == FeatureMatchingUse::ReplaceLoss)
  double g_objective(Step& step) {
    return match(step, step.fake_grad());
  }

  /// The same term added to the loss's G objective (AddToLoss).
  template <class Step>
    requires(Use == FeatureMatchingUse::AddToLoss)
  double g_penalty(Step& step) {
    const double value = match(step, B::view(input_grad_));
    B::axpy(T(1), B::cview(input_grad_), step.fake_grad());
    return value;
  }

 private:
  // weight·‖μ_fake − μ_real‖² on D's passes over what it sees; its gradient with respect to the
  // fakes goes to `out`
  template <class Step, class View>
  double match(Step& step, View out) {
    step.d_forward(step.packed_d_real_input(), real_tape_);
    B::row_means(B::view(mean_real_), B::cview(real_tape_.out[I]));
    step.d_forward(step.packed_d_fake_input(), fake_tape_);
    B::row_means(B::view(mean_fake_), B::cview(fake_tape_.out[I]));
    const auto squared_gap = [](T f, T r) { return (f - r) * (f - r); };
    const double value = static_cast<double>(B::map_sum(squared_gap, B::cview(mean_fake_), B::cview(mean_real_)));
    auto& fg = feature_grad_;
    const T scale = static_cast<T>(2.0 * this->weight / static_cast<double>(fg.cols()));
    B::map_broadcast(B::view(fg), [scale](T f, T r) { return scale * (f - r); }, B::cview(mean_fake_),
                     B::cview(mean_real_));
    detail::backward_from<I>(step.d_net(), step.d_params().data(), fake_tape_, B::cview(fg),
                             B::view(out.data(), Gan::d_input_width, fg.cols()));
    return this->weight * value;
  }

  typename Gan::DNet::Tape real_tape_, fake_tape_;  // D on what it sees, after its update
  Matrix mean_real_, mean_fake_;                    // feature means (width × 1)
  Matrix feature_grad_;                             // ∂/∂ features of the fakes (width × batch/pack)
  Matrix input_grad_;                               // AddToLoss: the term's ∂/∂fake, added to fake_grad
};

/// Feature matching as in the paper: the features entering D's head, replacing G's objective
/// (`GAN<..., FeatureMatching>`). For another layer or as an added term write
/// FeatureMatchingWith<Layer, Use>. (`FeatureMatching<>` does not compile: write `FeatureMatching`.)
using FeatureMatching = FeatureMatchingWith<>;

}  // namespace gantk
