// PacGAN<m>: the discriminator judges m samples at once (Lin, Khetan, Fanti & Oh 2018, "PacGAN:
// The power of two samples in generative adversarial networks").
//
// A generator that drops modes makes packs of m fakes that are less varied than packs of m real
// samples; a discriminator that sees whole packs penalises that, and the paper shows the penalty
// grows with m. Packing changes only what D's input is, so it costs almost nothing.
#pragma once

#include <gantk/layers/image.hpp>
#include <gantk/nn/sequential.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

namespace detail {
// a Sequential written for d-wide samples (In<d>) is, under packing, written for m·d-wide packs
template <class Seq, int M>
struct packed_declared_input {
  using type = Seq;
};
template <int D, class... Specs, int M>
struct packed_declared_input<Sequential<In<D>, Specs...>, M> {
  using type = Sequential<In<D * M>, Specs...>;
};
// m images of C channels, one after the other in NCHW, are one image of m·C channels: packing
// stacks the pack's images along the channels, as PacGAN's image experiments do
template <int C, int H, int W, class... Specs, int M>
struct packed_declared_input<Sequential<Image<C, H, W>, Specs...>, M> {
  using type = Sequential<Image<C * M, H, W>, Specs...>;
};
}  // namespace detail

/// Packing (PacGAN, Lin et al. 2018): D's input becomes m concatenated samples, so its first
/// layer is m·d wide (a compile-time change of D's type) and it gives one output per pack. A D
/// on Image<C, H, W> reads Image<m·C, H, W>: the pack's images stacked along the channels.
/// Real packs hold m real samples, fake packs m fakes: sample k·m + i of a batch is the i-th
/// member of pack k (the d × batch matrix is read as m·d × batch/m, no copy).
///
/// The batch must be a multiple of m: train_step() and fit() throw gantk::Error naming both
/// otherwise. Several PacGAN<>s multiply. The paper's 2-d experiments use m = 2 to 4 with
/// G = 4 × 400 ReLU + BatchNorm, D = 3 × 200 maxout (the lab's `gan-pacnet` and `pacgan2-pacnet`
/// entries build them: examples/lab/architectures.hpp, arch::PacPaper; gantk::recipes holds the
/// measured ring and grid recipes, which use smaller MLPs).
/// @tparam M  samples per pack (M = 1 is plain GAN training)
template <int M>
struct PacGAN : Strategy {
  static_assert(M >= 1, "PacGAN<m>: the pack size m must be at least 1");
  static constexpr int pack = M;
  template <class Seq>
  using discriminator_spec = typename detail::packed_declared_input<Seq, M>::type;
};

}  // namespace gantk
