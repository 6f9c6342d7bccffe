// ClassGenerators<K, Mode>: one generator per class of labelled data ("multiple networks", one
// for each class), the classes given to D as Conditional<K, Mode> gives them.
#pragma once

#include <gantk/layers/generator_blocks.hpp>
#include <gantk/nn/spec_transforms.hpp>
#include <gantk/strategies/conditioning/conditional.hpp>

namespace gantk {

/// A class-conditional GAN whose G is K generators, generator k making class k: Conditional<K,
/// Mode> in everything (labelled data, D told the class by concatenation or projection,
/// sample_class, generate_from(z, labels), the same refusals), except that G's first layer is a
/// GeneratorBlocks<K> instead of AppendCondition<K>. So G's first Dense holds one weight matrix
/// and bias per class (W_k z + b_k) where Conditional<K>'s holds one matrix and a bias per class
/// (W z + b_k), and the later layers are shared: the per-class networks of the "multiple
/// networks" remedy, with MGAN's sharing of every layer but the first rather than K separate
/// networks (those would cost K times the parameters and give no class any data of the others).
/// @tparam K     number of classes, one generator each (the dataset's classes())
/// @tparam Mode  how D takes the class: Conditioning::Concat (default) or Conditioning::Projection
template <int K, Conditioning Mode = Conditioning::Concat>
struct ClassGenerators : Conditional<K, Mode> {
  template <class Seq>
  using generator_spec = insert_front_t<Seq, GeneratorBlocks<K>>;

  template <class Gan>
  struct Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// ClassGenerators<K, Mode> in a GAN: Conditional<K, Mode>'s checks.
template <int K, Conditioning Mode>
template <class Gan>
struct ClassGenerators<K, Mode>::Bound : ClassGenerators<K, Mode> {
  void validate() const { typename Conditional<K, Mode>::template Bound<Gan>{}.validate(); }
};

}  // namespace gantk
