// Conditional<K, Mode>: a class-conditional GAN, its class code given to D by input concatenation
// (Mirza & Osindero 2014, "Conditional Generative Adversarial Nets") or by projection (Miyato &
// Koyama 2018, "cGANs with Projection Discriminator").
#pragma once

#include <type_traits>

#include <gantk/foundation/type_list.hpp>
#include <gantk/layers/append_condition.hpp>
#include <gantk/layers/class_projection.hpp>
#include <gantk/layers/image.hpp>
#include <gantk/nn/sequential.hpp>
#include <gantk/nn/spec_transforms.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

/// How a class-conditional discriminator takes the class (G always takes it concatenated to z).
enum class Conditioning {
  Concat,      ///< the one-hot code appended to D's input (Mirza & Osindero 2014)
  Projection,  ///< D's head Dense<1> becomes ClassProjection<K>: ψ(φ(x)) + ⟨e_y, φ(x)⟩ (Miyato & Koyama 2018)
};

namespace detail {
template <class Seq>
struct flat_input : std::true_type {};
template <int C, int H, int W, class... Specs>
struct flat_input<Sequential<Image<C, H, W>, Specs...>> : std::false_type {};

template <class S>
constexpr bool keeps_past_fakes() {
  if constexpr (requires { S::keeps_past_fakes; }) return S::keeps_past_fakes;
  else return false;
}
template <class List>
struct any_keeps_past_fakes;
template <class... S>
struct any_keeps_past_fakes<TypeList<S...>> : std::bool_constant<(false || ... || keeps_past_fakes<S>())> {};

template <class Spec>
constexpr bool is_single_output_head() {
  if constexpr (requires { Spec::width; }) return Spec::width == 1;
  else return false;
}

// D with the class code in front; a D on images is refused (and left as it is, so that no
// follow-on errors bury the message)
template <class Seq, int K, Conditioning Mode, bool Ok = flat_input<Seq>::value>
struct conditional_d_spec {
  using type = insert_front_t<Seq, AppendCondition<K>>;
};
template <class Seq, int K>
struct conditional_d_spec<Seq, K, Conditioning::Concat, false> {
  static_assert(flat_input<Seq>::value,
                "Conditional<K> appends the one-hot class code to D's input vector, but this discriminator reads "
                "images (Sequential<Image<C, H, W>, ...>; conditional_d_spec<Seq, K, Mode> names it): use "
                "Conditional<K, Conditioning::Projection> (the class enters at D's head), a flat discriminator, or "
                "put AppendCondition<K> by hand after D's convolutions");
  using type = Seq;
};
// D's head replaced by the projection head; it must be a one-output layer such as Dense<1>
template <class Seq, int K, bool Flat>
struct conditional_d_spec<Seq, K, Conditioning::Projection, Flat> {
  static_assert(is_single_output_head<head_spec_t<Seq>>(),
                "Conditional<K, Conditioning::Projection> replaces D's head by ClassProjection<K>, so D must end in "
                "a one-output layer such as Dense<1> (conditional_d_spec<Seq, K, Mode> names the discriminator)");
  using type = replace_head_t<Seq, ClassProjection<K>>;
};
}  // namespace detail

/// A class-conditional GAN (cGAN): G learns p(x | y) for K classes y. G takes the one-hot code of y
/// appended to its latent input (an AppendCondition<K> layer first: G's first layer reads z + K
/// values). D takes it by Mode:
///  - Conditioning::Concat (Mirza & Osindero 2014): appended to D's input as well, so D's first layer
///    reads d + K values. D must read flat vectors.
///  - Conditioning::Projection (Miyato & Koyama 2018): D's head Dense<1> becomes ClassProjection<K>,
///    D(x, y) = ψ(φ(x)) + ⟨e_y, φ(x)⟩ with a learnt embedding e_y per class; D's input is unchanged,
///    so image discriminators work too. The paper also spectrally normalises the embeddings;
///    SpectralNorm here normalises D's Dense layers only.
/// Both are compile-time changes of the networks' types. In training y is the real batch's labels,
/// and G's fakes are drawn for the same labels, so real and fake batches hold the same classes and
/// everything that runs D on mixtures of the two (gradient penalties, feature matching, unrolling)
/// stays within a class. The data must be a LabeledDataset with K classes (a Ring or Grid: one class
/// per mode; Fashion-MNIST); fit() on unlabelled data fails to compile.
///
/// Asking for classes: gan.sample_class(n, c), gan.sample_classes(labels, rng),
/// gan.generate_from(z, labels), gan.discriminate(x, labels); gan.sample(n) draws classes in
/// proportion to the labels seen in training (uniform before any), so metrics that call sample()
/// judge the whole mixture.
///
/// A class-conditional G cannot drop a class it is asked for, which removes the worst form of
/// collapse on labelled data; collapse within a class remains (the other strategies still apply).
/// Not combinable, and a compile error says so: PacGAN<m> (a pack's members have their own
/// classes, which one code per D input cannot carry; ClassPacking<m> packs one class) and ExperienceReplay (replayed fakes lose
/// the labels they were made for).
/// @tparam K     number of classes (the dataset's classes())
/// @tparam Mode  how D takes the class: Conditioning::Concat (default) or Conditioning::Projection
template <int K, Conditioning Mode = Conditioning::Concat>
struct Conditional : Strategy {
  static_assert(K >= 2, "Conditional<K>: a class-conditional GAN needs at least 2 classes");
  static constexpr int classes = K;
  static constexpr Conditioning mode = Mode;
  template <class Seq>
  using generator_spec = insert_front_t<Seq, AppendCondition<K>>;
  template <class Seq>
  using discriminator_spec = typename detail::conditional_d_spec<Seq, K, Mode>::type;

  template <class Gan>
  struct Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// Conditional<K> in a GAN: the checks of what it cannot be combined with (the labels
/// themselves live in the GAN, which draws them with the batch).
template <int K, Conditioning Mode>
template <class Gan>
struct Conditional<K, Mode>::Bound : Conditional<K, Mode> {
  // in a member function, so that the GAN is complete when they are checked
  void validate() const {
    static_assert(Gan::pack == 1 || Gan::packs_by_class,
                  "Conditional<K> cannot be combined with PacGAN<m>: a pack joins m samples of different classes "
                  "into one D input, and one class code per D input cannot say which is which (ClassPacking<m> "
                  "packs samples of one class instead)");
    static_assert(!detail::any_keeps_past_fakes<typename Gan::StrategyList>::value,
                  "Conditional<K> cannot be combined with ExperienceReplay: replayed fakes were made for other "
                  "labels than the batch they are replayed into, so D would judge them against the wrong class");
  }
};

}  // namespace gantk
