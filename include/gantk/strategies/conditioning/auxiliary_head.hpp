// The auxiliary head of a discriminator: K more outputs of D's last Dense layer, sharing D's body,
// for AuxiliaryClassifier<K> (AC-GAN's class logits) and InfoGan (the Q head). What they share:
// the rewrite of D's type, the passes that read the head and back-propagate into it, and
// auxiliary_outputs(gan, x) for users.
#pragma once

#include <algorithm>
#include <span>
#include <type_traits>
#include <vector>

#include <gantk/foundation/error.hpp>
#include <gantk/foundation/type_list.hpp>
#include <gantk/layers/auxiliary_outputs.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/spectral_dense.hpp>
#include <gantk/nn/partial_backward.hpp>
#include <gantk/nn/softmax_cross_entropy.hpp>
#include <gantk/nn/spec_transforms.hpp>

namespace gantk {

namespace detail {

// D's head Dense<1> (or SpectralDense<1>) with K more outputs
template <class Head, int K>
struct widened_head {
  static_assert(!sizeof(Head*),
                "an auxiliary head (AuxiliaryClassifier<K>, InfoGan) widens D's head Dense<1> to 1 + K outputs, but "
                "this discriminator ends in another layer (widened_head<Head, K> names it): end D in Dense<1> or "
                "SpectralDense<1>. A projection discriminator (Conditional<K, Conditioning::Projection>) cannot "
                "carry one");
  using type = Head;
};
template <class Init, int K>
struct widened_head<Dense<1, Init>, K> {
  using type = Dense<1 + K, Init>;
};
template <class Init, PowerIteration It, int K>
struct widened_head<SpectralDense<1, Init, It>, K> {
  using type = SpectralDense<1 + K, Init, It>;
};

template <int K>
struct auxiliary_head_edit {
  template <class List>
  struct edit {
    static_assert(List::size > 0, "an auxiliary head needs a discriminator with at least one layer");
    using type = Concat<InitOf<List>, TypeList<typename widened_head<LastOf<List>, K>::type, AuxiliaryOutputs<K>>>;
  };
};

template <class Net, int K>
constexpr bool has_auxiliary_head() {
  using Last = typename Net::template LayerAt<Net::depth - 1>;
  if constexpr (requires { Last::auxiliary_width; }) return Last::auxiliary_width == K;
  else return false;
}

/// The passes of an auxiliary head in a GAN's D: rows 1..K of the output of D's widened head
/// (layer depth − 2), read to the host, where the strategies compute their small losses (K × n
/// numbers, in double), and their gradient back-propagated from there into D's parameters
/// and/or D's input. Buffers are sized once per batch size (prepare).
template <class Gan, int K>
class AuxiliaryHead {
 public:
  using T = typename Gan::T;
  using B = typename Gan::B;
  using DNet = typename Gan::DNet;
  using Tape = typename DNet::Tape;
  static_assert(has_auxiliary_head<DNet, K>(),
                "this GAN's discriminator does not end in the auxiliary head of K outputs that its strategy put there "
                "(AuxiliaryHead<Gan, K>): was another auxiliary-head strategy given as well? A GAN has at most one");
  static constexpr std::size_t head = DNet::depth - 2;

  void prepare(Index n) {
    n_ = n;
    outputs_.assign(static_cast<std::size_t>(K * n), T(0));
    gradient_.assign(static_cast<std::size_t>(K * n), T(0));
    rows_.resize(K, n);
    head_grad_.resize(1 + K, n);
  }

  /// The auxiliary outputs of the pass on tape t: K values per sample, sample after sample.
  std::span<const T> read(const Tape& t) {
    check_batch(t);
    B::copy_rows(B::view(rows_), 0, B::cview(t.out[head]), 1, K);
    B::download(outputs_.data(), B::cview(rows_));
    return outputs_;
  }

  /// Where the caller writes ∂(its objective)/∂(auxiliary outputs), laid out as read() gives them.
  std::span<T> gradient() { return gradient_; }

  /// The mean softmax cross-entropy of the K outputs on tape t against one target per sample
  /// (AC-GAN's classes, MAD-GAN's generators); weight × its gradient goes into gradient(). When
  /// `accuracy` is given: the share of samples whose largest output is their target.
  double cross_entropy(const Tape& t, std::span<const int> targets, double weight, double* accuracy) {
    const auto logits = read(t);
    const Index n = t.batch;
    GANTK_CHECK(static_cast<Index>(targets.size()) == n, "auxiliary head: ", targets.size(), " targets for a pass of ",
                n, " samples");
    const double value = softmax_cross_entropy(logits.data(), K, n, targets.data(), gradient_.data());
    for (auto& g : gradient_) g = static_cast<T>(static_cast<double>(g) * weight);
    if (accuracy) {
      Index hits = 0;
      for (Index j = 0; j < n; ++j) {
        const T* z = logits.data() + j * K;
        hits += std::max_element(z, z + K) - z == targets[static_cast<std::size_t>(j)];
      }
      *accuracy = static_cast<double>(hits) / static_cast<double>(n);
    }
    return value;
  }

  /// Back-propagates gradient() through D on tape t: dp += Jₚᵀg (skipped when null), dx = Jₓᵀg
  /// (skipped when none). D's real/fake row receives nothing.
  void backward(const DNet& net, const T* p, Tape& t, T* dp, typename B::View dx) {
    check_batch(t);
    B::upload(B::view(rows_), gradient_.data());
    B::fill_rows(B::view(head_grad_), 0, 1, T(0));
    B::copy_rows(B::view(head_grad_), 1, B::cview(rows_), 0, K);
    backward_from<head>(net, p, t, B::cview(head_grad_), dx, dp);
  }

 private:
  void check_batch(const Tape& t) const {
    GANTK_CHECK(t.batch == n_, "auxiliary head: a pass of ", t.batch, " samples, the buffers were sized for ", n_);
  }

  Index n_ = -1;
  std::vector<T> outputs_, gradient_;  // host: K values per sample
  typename Gan::Matrix rows_;          // K × n on the backend
  typename Gan::Matrix head_grad_;     // (1 + K) × n: row 0 zero
};

}  // namespace detail

/// D with an auxiliary head: its last layer spec (Dense<1> or SpectralDense<1>) widened to 1 + K
/// outputs, followed by AuxiliaryOutputs<K>, which passes row 0 on as D's output.
template <class Seq, int K>
using auxiliary_head_t = detail::edit_specs_t<Seq, detail::auxiliary_head_edit<K>::template edit>;

/// The auxiliary outputs of D (evaluation mode) for samples x (data_width × n) of a GAN whose
/// strategy gave D an auxiliary head (AuxiliaryClassifier<K>: class logits; InfoGan: the Q head's
/// outputs): K × n.
template <class Gan>
  requires(detail::has_auxiliary_head<typename Gan::DNet,
                                      Gan::DNet::template LayerAt<Gan::DNet::depth - 1>::auxiliary_width>())
typename Gan::Matrix auxiliary_outputs(const Gan& gan, const typename Gan::Matrix& x) {
  using B = typename Gan::B;
  using DNet = typename Gan::DNet;
  constexpr int K = DNet::template LayerAt<DNet::depth - 1>::auxiliary_width;
  GANTK_CHECK(x.rows() == Gan::data_width, "auxiliary_outputs: x has ", x.rows(), " rows, the data width is ",
              Gan::data_width);
  GANTK_CHECK(x.cols() > 0, "auxiliary_outputs: no samples given");
  const auto& d = gan.discriminator();
  typename DNet::Tape tape;
  typename Gan::Vector state = d.state;  // evaluation must not move running statistics
  d.net.forward(d.params.data(), state.data(), B::cview(x), tape, Pass{Mode::Eval, nullptr});
  typename Gan::Matrix out(K, x.cols());
  B::copy_rows(B::view(out), 0, B::cview(tape.out[DNet::depth - 2]), 1, K);
  return out;
}

}  // namespace gantk
