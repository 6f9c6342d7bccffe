// ClassPacking<m>: the discriminator of a class-conditional GAN judges packs of m samples of one
// class: PacGAN's packing (Lin et al. 2018) with every pack drawn from a single class.
#pragma once

#include <type_traits>

#include <gantk/strategies/conditioning/conditional.hpp>
#include <gantk/strategies/d_inputs/pacgan.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

namespace detail {
// Conditional<K, Mode> or a strategy built on it (ClassGenerators<K, Mode>): D is told the class
template <int K, Conditioning Mode>
std::true_type tells_d_the_class(const Conditional<K, Mode>*);
std::false_type tells_d_the_class(const void*);
template <class S>
struct is_conditional_strategy : decltype(tells_d_the_class(static_cast<const S*>(nullptr))) {};
}  // namespace detail

/// Class packing: PacGAN's packs (D's input is m concatenated samples, m·d wide, one output per
/// pack) made class-homogeneous, for a class-conditional GAN whose D is told the class (it needs
/// Conditional<K> or ClassGenerators<K>, either mode).
/// Each pack of m real samples holds one class: its first member is an ordinary labelled draw (so
/// packs take the classes in the data's proportions), the other m − 1 are drawn from that class
/// (the data must be a ClassSamplingDataset: data::GaussianMixture, data::Ring, data::Grid,
/// data::LabeledImages). G's
/// fakes are made for the same labels, so each fake pack is m fakes of the pack's class, and D
/// takes the pack's one class code (concatenated to the m·d inputs, or at the projection head).
///
/// Against PacGAN<m> (random samples per pack): within a class, a G that collapses to one point
/// makes packs of identical fakes where real packs vary, which D sees; across classes, a packed
/// D with the class code cannot be fooled by a G that gets the class mix right but each class's
/// spread wrong. Conditional<K> + PacGAN<m> stays refused (one code cannot describe a mixed pack).
///
/// The batch must be a multiple of m. discriminate(x, labels) wants the same class for the m
/// samples of each pack. Not combinable with PacGAN<m> (packs would mix classes again).
/// @tparam M  samples per pack
template <int M>
struct ClassPacking : Strategy {
  static_assert(M >= 1, "ClassPacking<m>: the pack size m must be at least 1");
  static constexpr int pack = M;
  static constexpr bool packs_by_class = true;
  template <class Seq>
  using discriminator_spec = typename detail::packed_declared_input<Seq, M>::type;

  template <class Gan>
  struct Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

template <int M>
template <class Gan>
struct ClassPacking<M>::Bound : ClassPacking<M> {
  // in a member function, so that the GAN is complete when they are checked
  void validate() const {
    static_assert(Filter<detail::is_conditional_strategy, typename Gan::StrategyList>::size == 1,
                  "ClassPacking<m> packs samples of one class, so it needs a class-conditional GAN whose D is told "
                  "the class, Conditional<K> or ClassGenerators<K> (either Conditioning mode), in the same GAN: "
                  "give D the pack's class code");
    static_assert(Gan::pack == M,
                  "ClassPacking<m> cannot be combined with PacGAN<m>: PacGAN's packing would join several "
                  "class packs into one D input of mixed classes");
  }
};

}  // namespace gantk
