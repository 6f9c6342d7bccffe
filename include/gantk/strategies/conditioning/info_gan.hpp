// InfoGan<C, M>: latent codes whose meaning G must keep recoverable (Chen et al. 2016, "InfoGAN:
// Interpretable Representation Learning by Information Maximizing Generative Adversarial Nets").
#pragma once

#include <cmath>
#include <span>
#include <vector>

#include <gantk/foundation/error.hpp>
#include <gantk/foundation/type_list.hpp>
#include <gantk/nn/softmax_cross_entropy.hpp>
#include <gantk/strategies/conditioning/auxiliary_head.hpp>
#include <gantk/strategies/conditioning/conditional.hpp>
#include <gantk/training/policy.hpp>

namespace gantk {

namespace detail {
template <int Latent, int Codes>
struct InfoGanLatentWidth {
  static_assert(Latent > Codes,
                "InfoGan<C, M>: the codes take the first C + M entries of G's latent vector, so Latent<z> must be "
                "wider than C + M to leave G some noise; InfoGanLatentWidth<Latent, C + M> in the instantiation "
                "gives both (e.g. InfoGan<8> with Latent<10>: 8 code entries and 2 of noise)");
  static constexpr bool ok = true;
};
}  // namespace detail

/// InfoGAN: G's latent vector is [c; z], c a categorical code of C categories (one-hot) and M
/// continuous codes uniform on [−1, 1], drawn afresh with every batch; D gets a Q head sharing its
/// body (D's head Dense<1> widened to 1 + C + M outputs, an auxiliary head as in AC-GAN) that
/// predicts c from G(c, z): C logits (Q(c_cat | x) a softmax) and M means (Q(c_cont | x) a
/// Gaussian of fixed unit variance, the paper's common practice). The variational lower bound on
/// the mutual information I(c; G(c, z)) is maximised by both G and Q, i.e. both minimise
///   L_I = lambda · E[−log Q(c_cat | x)] + continuous_lambda · E[½‖c_cont − μ(x)‖²]
/// (constants dropped) on G's samples: Q's part is added to D's objective in each D update (on
/// D's pass over the fakes), G's to G's objective. It needs no labels: the categories find the
/// data's modes by themselves (or not: that is what the test measures), so a G that spreads its
/// categories over different modes cannot collapse them into one without losing the bound.
///
/// The codes occupy the first C + M rows of z (Latent<z> counts them, and must leave at least
/// one noise entry). gan.sample(n) draws the codes from their prior; InfoGan<C, M>::sample_category
/// (gan, n, k, rng) draws n samples of category k; auxiliary_outputs(gan, x) gives Q's outputs
/// (C logits, then M means) for samples x.
/// Not combinable (compile errors): PacGAN<m> (Q reads one sample, a pack holds m codes),
/// ExperienceReplay (replayed fakes carry old codes), AuxiliaryClassifier<K> (one auxiliary head
/// per D).
/// @tparam C  categories of the categorical code (0: none, else at least 2)
/// @tparam M  continuous codes
template <int C, int M = 0>
struct InfoGan : Strategy {
  static_assert(C == 0 || C >= 2, "InfoGan<C, M>: a categorical code needs at least 2 categories (C = 0: none)");
  static_assert(M >= 0 && C + M >= 1, "InfoGan<C, M>: give at least one code (C categories and/or M continuous)");
  static constexpr int categories = C;
  static constexpr int continuous = M;
  static constexpr int code_width = C + M;
  static constexpr int auxiliary_outputs = C + M;
  static constexpr bool reads_d_fake_pass = true;  // Q is trained on D's own pass over the fakes

  template <class Seq>
  using discriminator_spec = auxiliary_head_t<Seq, C + M>;

  double lambda = 1.0;             ///< weight of the categorical code's term (the paper: 1)
  double continuous_lambda = 0.1;  ///< weight of the continuous codes' term (the paper: smaller than 1)

  /// n samples of G with the categorical code set to category k (the other codes and the noise
  /// drawn from their priors with rng); data_width × n.
  template <class Gan>
  static typename Gan::Matrix sample_category(const Gan& gan, Index n, int k, Rng& rng) {
    static_assert(contains_v<InfoGan, typename Gan::StrategyList>,
                  "InfoGan<C, M>::sample_category: this GAN has no InfoGan<C, M> (with these C and M)");
    static_assert(C > 0, "InfoGan<C, M>::sample_category: this InfoGan has no categorical code (C = 0)");
    GANTK_CHECK(n > 0, "InfoGan::sample_category: n must be positive, got ", n);
    GANTK_CHECK(k >= 0 && k < C, "InfoGan::sample_category: category ", k, " is outside the ", C, " categories");
    using B = typename Gan::B;
    typename Gan::Matrix z(Gan::latent_width, n);
    B::fill_normal(B::view(z), rng, typename Gan::T(0), typename Gan::T(1));
    gan.template strategy<InfoGan>().draw_codes(B::view(z), rng, k);
    return gan.generate_from(z);
  }

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// InfoGan<C, M> in a GAN: its codes (drawn with its own random stream), the Q terms.
template <int C, int M>
template <class Gan>
class InfoGan<C, M>::Bound : public InfoGan<C, M> {
  using T = typename Gan::T;
  using B = typename Gan::B;
  using Matrix = typename Gan::Matrix;
  using Head = detail::AuxiliaryHead<Gan, C + M>;
  static constexpr int W = C + M;

 public:
  void validate() const {
    static_assert(detail::InfoGanLatentWidth<Gan::latent_width, W>::ok);
    static_assert(Gan::pack == 1,
                  "InfoGan cannot be combined with PacGAN<m>: Q recovers the code of one sample, and a pack joins m "
                  "samples with different codes");
    static_assert(!detail::any_keeps_past_fakes<typename Gan::StrategyList>::value,
                  "InfoGan cannot be combined with ExperienceReplay: replayed fakes were made from other codes than "
                  "the batch's, so Q would learn wrong ones");
    GANTK_CHECK(this->lambda >= 0 && std::isfinite(this->lambda), "InfoGan: lambda must be non-negative and finite, got ",
                this->lambda);
    GANTK_CHECK(this->continuous_lambda >= 0 && std::isfinite(this->continuous_lambda),
                "InfoGan: continuous_lambda must be non-negative and finite, got ", this->continuous_lambda);
  }

  void seed(Rng rng) { rng_ = rng; }
  /// Its random stream's position (checkpoints).
  template <class Archive>
  void serialize_state(Archive& a) {
    a.io(rng_);
  }

  void prepare(Index batch) {
    head_.prepare(batch);
    labels_.assign(static_cast<std::size_t>(batch), 0);
    codes_host_.assign(static_cast<std::size_t>(W * batch), T(0));
    codes_.resize(W, batch);
    fake_tape_.resize(batch);
    input_grad_.resize(Gan::data_width, batch);
  }

  /// Draws this iteration's codes into the first C + M rows of z.
  template <class Step>
  void on_batch(Step& step) {
    fill(rng_, step.batch(), labels_.data(), codes_host_.data(), -1);
    B::upload(B::view(codes_), codes_host_.data());
    B::copy_rows(step.z(), 0, B::cview(codes_), 0, W);
  }

  /// Q's term on D's pass over the fakes; its gradient is added to D's.
  template <class Step>
  double d_penalty(Step& step) {
    const double value = info_term(step.d_fake_pass(), &accuracy_);
    head_.backward(step.d_net(), step.d_params().data(), step.d_fake_pass(), step.d_grads().data(), B::none());
    return value;
  }

  /// G's term: D (after its update) on the fakes, the gradient added to fake_grad.
  template <class Step>
  double g_penalty(Step& step) {
    step.d_forward(step.packed_d_fake_input(), fake_tape_);
    const double value = info_term(fake_tape_, nullptr);
    head_.backward(step.d_net(), step.d_params().data(), fake_tape_, nullptr, B::view(input_grad_));
    B::axpy(T(1), B::cview(input_grad_), step.fake_grad());
    return value;
  }

  /// Codes from their prior into the first C + M rows of z (latent_width × n): GAN::sample
  /// calls it; with category ≥ 0 the categorical code is that category for every column.
  void draw_codes(typename Gan::View z, Rng& rng, int category = -1) const {
    const Index n = z.cols();
    std::vector<int> labels(static_cast<std::size_t>(n));
    std::vector<T> codes(static_cast<std::size_t>(W * n));
    fill(rng, n, labels.data(), codes.data(), category);
    Matrix m(W, n);
    B::upload(B::view(m), codes.data());
    B::copy_rows(z, 0, B::cview(m), 0, W);
  }

  /// Share of the last D update's fakes whose category Q recovered (argmax of its logits).
  double code_accuracy() const { return accuracy_; }
  /// The codes of the last batch, sample after sample (C one-hot values, then M continuous).
  std::span<const T> last_codes() const { return codes_host_; }

 private:
  static void fill(Rng& rng, Index n, int* labels, T* codes, int category) {
    for (Index j = 0; j < n; ++j) {
      T* c = codes + j * W;
      if constexpr (C > 0) {
        const int k = category >= 0 ? category : static_cast<int>(rng.below(static_cast<std::uint32_t>(C)));
        for (int i = 0; i < C; ++i) c[i] = T(i == k ? 1 : 0);
        labels[j] = k;
      }
      for (int i = 0; i < M; ++i) c[C + i] = static_cast<T>(2 * rng.uniform<double>() - 1);
    }
  }

  // L_I on a pass over the fakes (its gradient with respect to Q's outputs into head_'s)
  template <class Tape>
  double info_term(Tape& t, double* accuracy) {
    const auto q = head_.read(t);
    const auto grad = head_.gradient();
    const Index n = t.batch;
    const double inv_n = 1.0 / static_cast<double>(n);
    double categorical = 0, gaussian = 0;
    Index hits = 0;
    for (Index j = 0; j < n; ++j) {
      const T* out = q.data() + j * W;
      T* g = grad.data() + j * W;
      if constexpr (C > 0) {
        const int label = labels_[static_cast<std::size_t>(j)];
        categorical += softmax_cross_entropy(out, C, 1, &label, g);
        for (int i = 0; i < C; ++i) g[i] = static_cast<T>(static_cast<double>(g[i]) * this->lambda * inv_n);
        int best = 0;
        for (int i = 1; i < C; ++i)
          if (out[i] > out[best]) best = i;
        hits += best == label;
      }
      const T* code = codes_host_.data() + j * W;
      for (int i = C; i < W; ++i) {
        const double gap = static_cast<double>(out[i]) - static_cast<double>(code[i]);
        gaussian += 0.5 * gap * gap;
        g[i] = static_cast<T>(this->continuous_lambda * gap * inv_n);
      }
    }
    if (accuracy) *accuracy = C > 0 ? static_cast<double>(hits) * inv_n : 0.0;
    return (this->lambda * categorical + this->continuous_lambda * gaussian) * inv_n;
  }

  Head head_;
  Rng rng_;
  std::vector<int> labels_;               // the batch's categories
  std::vector<T> codes_host_;             // the batch's codes, W per sample
  Matrix codes_;                          // the same on the backend (W × batch)
  typename Gan::DNet::Tape fake_tape_;    // D on the fakes in G's update
  Matrix input_grad_;                     // the term's ∂/∂fake
  double accuracy_ = 0;
};

}  // namespace gantk
