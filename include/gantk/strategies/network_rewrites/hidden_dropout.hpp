// HiddenDropout<Rate>: dropout after every hidden activation of D (and G if asked), the
// regulariser of Goodfellow et al.'s original maxout discriminator that the mode-collapse
// articles recommend against an over-fitting D.
#pragma once

#include <type_traits>

#include <gantk/training/policy.hpp>
#include <gantk/layers/dropout.hpp>
#include <gantk/layers/elementwise.hpp>
#include <gantk/layers/maxout.hpp>
#include <gantk/nn/spec_transforms.hpp>

namespace gantk {

/// Which networks a strategy changes.
enum class DropoutIn { Discriminator, Generator, Both };

namespace detail {
template <class Fn>
std::true_type derives_from_elementwise(const Elementwise<Fn>*);
std::false_type derives_from_elementwise(const void*);

/// A hidden non-linearity: an activation layer spec (derived from Elementwise<Fn>) or Maxout.
template <class S>
struct is_hidden_nonlinearity : decltype(derives_from_elementwise(static_cast<const S*>(nullptr))) {};
template <int N, int Pieces, class Init>
struct is_hidden_nonlinearity<Maxout<N, Pieces, Init>> : std::true_type {};

template <class Seq, double Rate>
struct with_hidden_dropout {
  static_assert(count_specs_v<Seq, is_hidden_nonlinearity> > 0,
                "HiddenDropout inserts Dropout after hidden activations (or Maxout layers), and this network has none");
  using type = insert_after_each_t<Seq, is_hidden_nonlinearity, Dropout<Rate>>;
};
}  // namespace detail

/// Inserts Dropout<Rate> after every activation (or Maxout) layer of the chosen networks except
/// a last one (G's output activation stays the output). Dropout is active in training passes
/// only: sample() and discriminate() run in Eval mode and see the whole network. Its
/// second-order passes are exact (the mask is fixed per pass), so it composes with penalties.
/// @tparam Rate   drop probability in [0, 1)
/// @tparam Where  DropoutIn::Discriminator (default), Generator or Both
template <double Rate = 0.5, DropoutIn Where = DropoutIn::Discriminator>
struct HiddenDropout : Strategy {
  static_assert(Rate >= 0.0 && Rate < 1.0, "HiddenDropout<Rate>: the drop probability Rate must lie in [0, 1)");
  template <class Seq>
  using discriminator_spec =
      typename std::conditional_t<Where == DropoutIn::Generator, std::type_identity<Seq>,
                         detail::with_hidden_dropout<Seq, Rate>>::type;
  template <class Seq>
  using generator_spec = typename std::conditional_t<Where == DropoutIn::Discriminator, std::type_identity<Seq>,
                                            detail::with_hidden_dropout<Seq, Rate>>::type;
};

}  // namespace gantk
