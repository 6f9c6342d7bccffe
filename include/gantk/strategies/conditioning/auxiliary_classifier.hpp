// AuxiliaryClassifier<K>: AC-GAN, a class-conditional G and a D that tells the class instead of
// being told it (Odena, Olah & Shlens 2017, "Conditional Image Synthesis with Auxiliary Classifier
// GANs").
#pragma once

#include <cmath>
#include <cstddef>

#include <gantk/foundation/error.hpp>
#include <gantk/layers/append_condition.hpp>
#include <gantk/nn/spec_transforms.hpp>
#include <gantk/strategies/conditioning/auxiliary_head.hpp>
#include <gantk/strategies/conditioning/conditional.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

/// AC-GAN: G takes the one-hot code of a class y appended to z (as Conditional<K> does); D is not
/// given the class but predicts it: its head Dense<1> becomes Dense<1 + K>, row 0 D's real/fake
/// output and rows 1..K the class logits of an auxiliary classifier sharing D's body (an
/// AuxiliaryOutputs<K> layer passes row 0 on, so the loss and every penalty see one output).
/// With L_C(x, y) = −log softmax(logits(x))[y]:
///  - D's objective adds real_weight · E L_C(x, y) on the real batch and fake_weight · E L_C(G(z, y), y)
///    on the fakes (the paper's D maximises log-likelihood of the class on both);
///  - G's objective adds g_weight · E L_C(G(z, y), y): G must make samples D recognises as the
///    class it was asked for.
/// The class terms reach D's parameters only through the class rows: gradient penalties, R1 and
/// unrolled D differentiate D's real/fake output, in which the class rows take no part.
/// Labels come from the data (a LabeledDataset with K classes; unlabelled data fails to compile),
/// and the fakes of a step are made for the real batch's classes. Sampling as with Conditional<K>:
/// gan.sample_class(n, c), gan.generate_from(z, labels); D's class logits for samples x:
/// auxiliary_outputs(gan, x) (K × n).
/// Not combinable, with a compile error: Conditional<K> (one strategy conditions the GAN; this
/// one already conditions G), PacGAN<m> and ExperienceReplay (as for Conditional<K>), InfoGan
/// (one auxiliary head per D).
/// @tparam K  number of classes (the dataset's classes())
template <int K>
struct AuxiliaryClassifier : Strategy {
  static_assert(K >= 2, "AuxiliaryClassifier<K>: a classifier needs at least 2 classes");
  static constexpr int classes = K;
  static constexpr int auxiliary_outputs = K;
  static constexpr bool reads_d_real_pass = true;  // the class terms read D's own passes
  static constexpr bool reads_d_fake_pass = true;

  double real_weight = 1.0;  ///< D: weight of the class cross-entropy on real samples
  double fake_weight = 1.0;  ///< D: on G's samples, with the classes G was asked for (0: real only)
  double g_weight = 1.0;     ///< G: weight of the cross-entropy of D's prediction of G's class

  template <class Seq>
  using generator_spec = insert_front_t<Seq, AppendCondition<K>>;
  template <class Seq>
  using discriminator_spec = auxiliary_head_t<Seq, K>;

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// AuxiliaryClassifier<K> in a GAN: the class terms on D's passes and on G's fakes.
template <int K>
template <class Gan>
class AuxiliaryClassifier<K>::Bound : public AuxiliaryClassifier<K> {
  using T = typename Gan::T;
  using B = typename Gan::B;
  using Head = detail::AuxiliaryHead<Gan, K>;

 public:
  void validate() const {
    static_assert(Gan::pack == 1,
                  "AuxiliaryClassifier<K> cannot be combined with PacGAN<m>: D classifies one sample per input, and a "
                  "pack joins m samples of different classes");
    static_assert(!detail::any_keeps_past_fakes<typename Gan::StrategyList>::value,
                  "AuxiliaryClassifier<K> cannot be combined with ExperienceReplay: replayed fakes were made for "
                  "other classes than the batch's, so D's class term would teach it wrong labels");
    check_weight(this->real_weight, "real_weight");
    check_weight(this->fake_weight, "fake_weight");
    check_weight(this->g_weight, "g_weight");
  }

  void prepare(Index batch) {
    head_.prepare(batch);
    fake_tape_.resize(batch);
    input_grad_.resize(Gan::data_width, batch);
  }

  /// D's class terms on this update's passes; their gradient is added to D's.
  template <class Step>
  double d_penalty(Step& step) {
    double value = 0;
    const auto labels = step.labels();
    if (this->real_weight > 0) {
      value += this->real_weight * head_.cross_entropy(step.d_real_pass(), labels, this->real_weight, &real_accuracy_);
      head_.backward(step.d_net(), step.d_params().data(), step.d_real_pass(), step.d_grads().data(), B::none());
    }
    if (this->fake_weight > 0) {
      value += this->fake_weight * head_.cross_entropy(step.d_fake_pass(), labels, this->fake_weight, &fake_accuracy_);
      head_.backward(step.d_net(), step.d_params().data(), step.d_fake_pass(), step.d_grads().data(), B::none());
    }
    return value;
  }

  /// G's class term: D (after its update) on the fakes, their gradient added to fake_grad.
  template <class Step>
  double g_penalty(Step& step) {
    if (this->g_weight == 0) return 0;
    step.d_forward(step.packed_d_fake_input(), fake_tape_);
    const double value = head_.cross_entropy(fake_tape_, step.labels(), this->g_weight, nullptr);
    head_.backward(step.d_net(), step.d_params().data(), fake_tape_, nullptr, B::view(input_grad_));
    B::axpy(T(1), B::cview(input_grad_), step.fake_grad());
    return this->g_weight * value;
  }

  /// Share of the last D update's real batch whose class D's head predicted (argmax of the
  /// logits); 0 before the first update or with real_weight = 0.
  double real_accuracy() const { return real_accuracy_; }
  /// The same on the fakes, against the classes G was asked for.
  double fake_accuracy() const { return fake_accuracy_; }

 private:
  static void check_weight(double w, const char* name) {
    GANTK_CHECK(w >= 0 && std::isfinite(w), "AuxiliaryClassifier: ", name, " must be non-negative and finite, got ", w);
  }

  Head head_;
  typename Gan::DNet::Tape fake_tape_;  // D on the fakes in G's update
  typename Gan::Matrix input_grad_;     // the class term's ∂/∂fake
  double real_accuracy_ = 0, fake_accuracy_ = 0;
};

}  // namespace gantk
