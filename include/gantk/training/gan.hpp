// GAN<Architecture, Loss, Policies...>: the model. Its training step and hook points, its state
// (checkpoints), sample() and discriminate(); the trainer that runs the steps is fit (training/fit.hpp).
//
// One type says what the GAN is:
//   using Ring = GAN<MLP<Latent<2>, Data<2>, Hidden<128, 128>>, NonSaturatingLoss, PacGAN<2>>;
// Everything a strategy changes about the networks' types (PacGAN's input width, layers it
// inserts) is resolved here at compile time; everything it does during a step happens at the
// named hook points below, which the GAN calls only for strategies that define them.
//
// The anatomy of train_step():
//   for each of n_critic D iterations:
//     1. draw a real batch (with its labels in a            on_batch
//        class-conditional GAN: every pass of the step
//        carries their one-hot codes) and noise z
//     2. fake = G(z)                                       (MultiGenerator<K>: sample j by generator j mod K)
//     3. D update:  choose D's inputs                       on_d_inputs (phase = Discriminator; by DInputStage)
//                   D(real), D(fake), targets               before_d_loss
//                   loss and its gradient, extra terms      d_penalty (returns its value)
//                   optimizer step                          after_d_update
//   4. G update:    D's inputs                              on_d_inputs (phase = Generator; by DInputStage)
//                   G's objective (or a strategy's          g_objective replaces it)
//                   extra terms on G                        g_penalty (returns its value)
//                   optimizer step
// These are all the hooks (training/hooks.hpp): each has a user; a strategy member named like a hook
// that is none fails to compile. A hook receives a Step view (training/step.hpp), never the GAN: the
// view offers each hook what it may read, replace and run.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <optional>
#include <span>
#include <tuple>
#include <utility>
#include <type_traits>
#include <vector>

#include <gantk/arch/architecture.hpp>
#include <gantk/training/critic_constraint.hpp>
#include <gantk/training/fit.hpp>
#include <gantk/training/hooks.hpp>
#include <gantk/training/policy.hpp>
#include <gantk/training/step.hpp>
#include <gantk/training/run_types.hpp>
#include <gantk/foundation/type_list.hpp>
#include <gantk/data/dataset.hpp>
#include <gantk/data/labeled_dataset.hpp>
#include <gantk/io/checkpoint.hpp>
#include <gantk/io/state_archive.hpp>
#include <gantk/layers/layer.hpp>
#include <gantk/losses/loss.hpp>
#include <gantk/nn/model.hpp>
#include <gantk/nn/second_order.hpp>
#include <gantk/optim/optimizers.hpp>

namespace gantk {

namespace detail {

/// The library's own tests reach a GAN's step buffers (its tapes) through this; it is declared
/// here and defined only in tests/unit (strategies see the step through Step, users not at all).
template <class Gan>
struct StepBuffersAccess;

template <int Got, int Expected>
struct GeneratorOutputWidth {
  static_assert(Got == Expected,
                "the generator's last layer must output Data<d>'s width: GeneratorOutputWidth<Got, Expected> in the "
                "instantiation gives both");
  static constexpr bool ok = true;
};

template <int Got>
struct DiscriminatorOutputWidth {
  static_assert(Got == 1,
                "the discriminator must end in one output per (packed) sample, e.g. Dense<1>: "
                "DiscriminatorOutputWidth<Got> in the instantiation gives its width");
  static constexpr bool ok = true;
};

template <class A>
struct ArchitectureCheck {
  static_assert(Architecture<A>,
                "GAN<Architecture, ...>: the first argument must be an architecture such as gantk::MLP<Latent<z>, "
                "Data<d>, Hidden<...>> or gantk::Networks<Latent<z>, Data<d>, GSequential, DSequential>");
  static constexpr bool ok = true;
};

template <class L>
struct LossCheck {
  static_assert(LossPolicy<L>,
                "GAN<Architecture, Loss, ...>: the second argument must be a loss policy such as "
                "gantk::NonSaturatingLoss or gantk::WassersteinLoss (see gantk/losses/loss.hpp)");
  static constexpr bool ok = true;
};

// Policies in the wrong slot get a message saying where they go instead of the generic one.
template <class S>
struct StrategyWhereLossGoes {
  static_assert(!sizeof(S*),
                "GAN<Architecture, Loss, Strategies...>: a strategy was given as the second argument, where the loss "
                "goes (StrategyWhereLossGoes<S> names it): write the loss first, e.g. GAN<MLP<...>, WassersteinLoss, "
                "MinibatchDisc>");
  static constexpr bool ok = false;
};
template <class L>
struct LossAmongStrategies {
  static_assert(!sizeof(L*),
                "GAN<Architecture, Loss, Strategies...>: a loss was given among the strategies (LossAmongStrategies<L> "
                "names it); a GAN has one loss, its second argument");
  static constexpr bool ok = false;
};
template <class L>
struct LayerAmongStrategies {
  static_assert(!sizeof(L*),
                "GAN<Architecture, Loss, Strategies...>: a layer was given among the strategies (LayerAmongStrategies<L> "
                "names it). Layers belong in the architecture (MLP options such as DActivation<L>, or Networks<..., "
                "Sequential<...>>); the strategies that insert a layer before D's head are gantk::MinibatchDisc (or "
                "MinibatchDiscWith<B, C>) and gantk::MinibatchStdDev");
  static constexpr bool ok = false;
};
template <class L>
constexpr bool loss_ok() {
  if constexpr (StrategyPolicy<L>) return StrategyWhereLossGoes<L>::ok;
  else return LossCheck<L>::ok;
}
template <class P>
constexpr bool policy_ok() {
  if constexpr (LossPolicy<P>) return LossAmongStrategies<P>::ok;
  else if constexpr (LayerSpec<P> && !StrategyPolicy<P>) return LayerAmongStrategies<P>::ok;
  else return PolicyCheck<P>::ok;
}

// product of the strategies' pack sizes (PacGAN<m>)
template <class List>
struct pack_size;
template <class... S>
struct pack_size<TypeList<S...>> {
  template <class X>
  static constexpr int of() {
    if constexpr (requires { X::pack; }) return X::pack;
    else return 1;
  }
  static constexpr int value = (1 * ... * of<S>());
};

// whether a strategy packs by class (`packs_by_class`: ClassPacking<m>)
template <class List>
struct packs_by_class;
template <class... S>
struct packs_by_class<TypeList<S...>> {
  template <class X>
  static constexpr bool of() {
    if constexpr (requires { X::packs_by_class; }) return X::packs_by_class;
    else return false;
  }
  static constexpr bool value = (false || ... || of<S>());
};

// fold the strategies' network-spec transforms
template <class Spec, class List>
struct transform_d;
template <class Spec>
struct transform_d<Spec, TypeList<>> {
  using type = Spec;
};
template <class Spec, class S, class... Rest>
struct transform_d<Spec, TypeList<S, Rest...>> {
  template <class X>
  static auto apply() {
    if constexpr (requires { typename X::template discriminator_spec<Spec>; })
      return std::type_identity<typename X::template discriminator_spec<Spec>>{};
    else
      return std::type_identity<Spec>{};
  }
  using type = typename transform_d<typename decltype(apply<S>())::type, TypeList<Rest...>>::type;
};
template <class Spec, class List>
struct transform_g;
template <class Spec>
struct transform_g<Spec, TypeList<>> {
  using type = Spec;
};
template <class Spec, class S, class... Rest>
struct transform_g<Spec, TypeList<S, Rest...>> {
  template <class X>
  static auto apply() {
    if constexpr (requires { typename X::template generator_spec<Spec>; })
      return std::type_identity<typename X::template generator_spec<Spec>>{};
    else
      return std::type_identity<Spec>{};
  }
  using type = typename transform_g<typename decltype(apply<S>())::type, TypeList<Rest...>>::type;
};

// strategies that give D an auxiliary head or more outputs (`auxiliary_outputs`: AuxiliaryClassifier<K>,
// InfoGan, MultiGenerator<K>, MultiHeadD<N>, Gman<N>, D2Gan)
// rewrite D last, whatever their place in the list, so that a layer another strategy inserts
// before D's head (MinibatchDisc) goes before the widened head, not between it and
// AuxiliaryOutputs
template <class S>
constexpr bool widens_d_head_v() {
  if constexpr (requires { S::auxiliary_outputs; }) return true;
  else return false;
}
template <class S>
struct widens_d_head : std::bool_constant<widens_d_head_v<S>()> {};
template <class S>
struct keeps_d_head : std::bool_constant<!widens_d_head_v<S>()> {};
template <class List>
using d_rewrite_order = Concat<Filter<keeps_d_head, List>, Filter<widens_d_head, List>>;

template <class List>
struct TwoAuxiliaryHeads {
  static_assert(Filter<widens_d_head, List>::size <= 1,
                "two strategies in this GAN give D an auxiliary head or several outputs (AuxiliaryClassifier<K>, "
                "InfoGan, MultiGenerator<K>, MultiHeadD<N>, Gman<N>, D2Gan); a GAN has at most one");
  static constexpr bool ok = true;
};

// a count a strategy may declare, summed over the strategies (0 when none does), and how many
// declare it: `classes` (Conditional<K>, AuxiliaryClassifier<K>: a class-conditional GAN) and
// `generators` (MultiGenerator<K>: K generators)
template <class List, template <class> class Of>
struct declared_count;
template <class... S, template <class> class Of>
struct declared_count<TypeList<S...>, Of> {
  static constexpr int value = (0 + ... + Of<S>::value);
  static constexpr int strategies = (0 + ... + (Of<S>::value > 0 ? 1 : 0));
};
template <class S>
struct classes_of : std::integral_constant<int, 0> {};
template <class S>
  requires requires { S::classes; }
struct classes_of<S> : std::integral_constant<int, S::classes> {};
template <class S>
struct generators_of : std::integral_constant<int, 0> {};
template <class S>
  requires requires { S::generators; }
struct generators_of<S> : std::integral_constant<int, S::generators> {};
template <class List>
using class_count = declared_count<List, classes_of>;
template <class List>
using generator_count = declared_count<List, generators_of>;

template <class Data, bool PacksByClass>
struct ClassPacksNeedClassSampling {
  static_assert(!PacksByClass || ClassSamplingDataset<Data>,
                "ClassPacking<m> draws the m real samples of a pack from one class, so the dataset must be a "
                "gantk::ClassSamplingDataset (sample_class(out, c, rng)), such as data::Ring, data::Grid, "
                "data::GaussianMixture or data::LabeledImages; ClassPacksNeedClassSampling<Data, true> names the "
                "dataset given");
  static constexpr bool ok = true;
};

template <class Data>
struct ConditionalNeedsLabels {
  static_assert(LabeledDataset<Data>,
                "this GAN is class-conditional (Conditional<K>, AuxiliaryClassifier<K>), so it trains on labelled "
                "data: the dataset must be "
                "a gantk::LabeledDataset (classes() and sample(out, labels, rng)), such as data::Ring, data::Grid, "
                "data::GaussianMixture or data::LabeledImages; ConditionalNeedsLabels<Data> names the dataset given");
  static constexpr bool ok = true;
};

// strategies that replace G's objective say so with `static constexpr bool replaces_g_objective = true`
template <class List>
struct count_g_objectives;
template <class... S>
struct count_g_objectives<TypeList<S...>> {
  template <class X>
  static constexpr int has() {
    if constexpr (requires { X::replaces_g_objective; }) return X::replaces_g_objective ? 1 : 0;
    else return 0;
  }
  static constexpr int value = (0 + ... + has<S>());
};

// the GAN's tuple of bound strategies
template <class Gan, class List>
struct bound_tuple;
template <class Gan, class... S>
struct bound_tuple<Gan, TypeList<S...>> {
  using type = std::tuple<BoundStrategy<S, Gan>...>;
};

// whether some strategy reads the GAN's own D pass on real (fake) inputs in d_penalty
template <class List>
struct reads_d_passes;
template <class... S>
struct reads_d_passes<TypeList<S...>> {
  static constexpr bool real = (false || ... || reads_d_real_pass<S>());
  static constexpr bool fake = (false || ... || reads_d_fake_pass<S>());
};

}  // namespace detail

template <class Arch, class Loss, class... Policies>
class GAN {
  static_assert(detail::ArchitectureCheck<Arch>::ok && detail::loss_ok<Loss>());
  static_assert((detail::policy_ok<Policies>() && ...));
  static_assert((detail::hooks_declared<Policies>() && ...));

 public:
  // ---- the types this GAN is made of ----
  using Architecture = Arch;
  using LossPolicy = Loss;
  using Scalar = typename detail::first_matching<detail::is_precision, Precision<float>, Policies...>::type::type;
  using BackendPolicy = typename detail::first_matching<detail::is_backend, Backend<Cpu>, Policies...>::type::type;
  using B = typename BackendPolicy::template bind<Scalar>;
  using T = Scalar;
  using Matrix = typename B::Matrix;
  using Vector = typename B::Vector;
  using View = typename B::View;
  using CView = typename B::CView;
  /// Each network's optimizer (its settings, moments and update, on this GAN's backend).
  using NetworkOptimizer = OptimizerState<T, B>;
  /// The strategies as written (specs).
  using StrategyList = Filter<detail::is_strategy, TypeList<Policies...>>;

  static constexpr int latent_width = Arch::latent_width;
  static constexpr int data_width = Arch::data_width;
  /// How many samples D judges jointly (PacGAN<m>; 1 otherwise).
  static constexpr int pack = detail::pack_size<StrategyList>::value;
  static constexpr int d_input_width = data_width * pack;
  /// Classes of a class-conditional GAN (Conditional<K>: K); 0 for an unconditional one.
  static constexpr int classes = detail::class_count<StrategyList>::value;
  static constexpr bool conditional = classes > 0;
  /// Every pack holds one class and D takes one class code per pack (ClassPacking<m>).
  static constexpr bool packs_by_class = detail::packs_by_class<StrategyList>::value;
  /// Generators of a multi-generator GAN (MultiGenerator<K>: K); 0 when G is one generator.
  static constexpr int generators = detail::generator_count<StrategyList>::value;
  /// Rows of the one-hot code G's passes carry: the class (conditional) or the generator.
  static constexpr int code_rows = conditional ? classes : generators;
  /// The loss needs a Lipschitz critic (WassersteinLoss) and no strategy constrains D: fit() says so.
  static constexpr bool critic_unconstrained = detail::critic_unconstrained<Loss, StrategyList>::value;

  using GeneratorSpec = typename detail::transform_g<typename Arch::generator, StrategyList>::type;
  static_assert(detail::TwoAuxiliaryHeads<StrategyList>::ok);
  using DiscriminatorSpec =
      typename detail::transform_d<typename Arch::discriminator, detail::d_rewrite_order<StrategyList>>::type;
  using GNet = typename GeneratorSpec::template bind<B, latent_width>;
  using DNet = typename DiscriminatorSpec::template bind<B, d_input_width>;
  using GModel = Model<GNet>;
  using DModel = Model<DNet>;
  static_assert(detail::GeneratorOutputWidth<GNet::out_width, data_width>::ok);
  static_assert(detail::DiscriminatorOutputWidth<DNet::out_width>::ok);

  /// The type this GAN holds for strategy S (S::bind<GAN>: its settings with typed buffers).
  template <class S>
  using Bound = BoundStrategy<S, GAN>;
  using Strategies = typename detail::bound_tuple<GAN, StrategyList>::type;

  /// Construction settings; unset optionals take the policies' suggestions, then the defaults.
  struct Config {
    std::uint64_t seed = 0;
    std::optional<Optimizer> g_optimizer;  ///< default Adam{1e-4, 0.5, 0.999}
    std::optional<Optimizer> d_optimizer;  ///< default Adam{1e-4, 0.5, 0.999}
    std::optional<int> n_critic;           ///< D updates per G update; default 1
  };

  /// Buffers of one step, sized once per batch size.
  struct Workspace {
    Index batch = -1;
    Matrix real, z, fake_grad, d_real_out_grad, d_fake_out_grad;
    std::vector<T> real_on_host;  ///< where the dataset writes a batch on a device backend
    std::vector<int> labels;      ///< the real batch's classes (conditional GANs), or each fake's generator
    Matrix condition;             ///< their one-hot codes, code_rows × batch (conditional, multi-generator GANs)
    std::vector<T> condition_on_host;
    Matrix pack_condition;        ///< one code per pack, classes × batch/pack (ClassPacking<m>)
    std::vector<T> pack_condition_on_host;
    typename GNet::Tape g_tape;
    typename DNet::Tape d_real_tape, d_fake_tape;
  };

  /// The data of one step, shared by the GAN's passes and the strategies' Step views
  /// (training/step.hpp), which are the only way a hook reaches it. Views are data_width × batch
  /// unless said otherwise. Tests build one over their own batches to call a hook directly.
  struct StepData {
    long step;                 ///< index of this step (0 for the first)
    int critic_iteration = 0;  ///< which of the n_critic D updates
    Phase phase = Phase::Discriminator;
    Index batch;
    View real;                 ///< this iteration's real batch
    View z;                    ///< latent_width × batch
    CView fake;                ///< G(z)
    const T* d_real_input;     ///< what D sees as real (data_width × batch; the GAN packs it)
    const T* d_fake_input;     ///< what D sees as fake
    Targets targets{};         ///< D's targets (classification losses)
    CView d_real_out;          ///< D's output on real (1 × batch/pack); after the forward pass
    CView d_fake_out;          ///< D's output on fake
    View fake_grad;            ///< ∂(G's objective)/∂fake during the G update
    double d_loss = 0, g_loss = 0, d_penalty = 0, g_penalty = 0;

    /// D's input views with the pack applied (d_input_width × batch/pack).
    CView packed(const T* p) const { return B::cview(p, d_input_width, batch / pack); }
    View packed(T* p) const { return B::view(p, d_input_width, batch / pack); }
  };

  /// The view hook H of strategy S receives (S: the bound strategy, as strategy<Spec>() returns).
  template <Hook H, class S>
  using StepFor = Step<GAN, H, S>;

  explicit GAN(Config config = {}) : config_(config) { setup(); }

  /// Construct with some strategies' settings given: GAN{{.seed = 1}, GradientPenalty{.lambda = 5}}.
  template <class... Given>
    requires(sizeof...(Given) > 0 && (contains_v<std::decay_t<Given>, StrategyList> && ...))
  GAN(Config config, Given&&... given) : config_(config) {
    // the settings part of each bound strategy
    ((static_cast<std::decay_t<Given>&>(std::get<Bound<std::decay_t<Given>>>(strategies_)) =
          std::forward<Given>(given)),
     ...);
    setup();
  }

  // ---- training ----

  /// One training step (n_critic D updates and one G update) on a batch from `data`. A step
  /// that fails is undone: the GAN is then exactly as after the last good step.
  /// @throws gantk::DivergenceError when a loss, a penalty, the parameters or an optimizer's
  /// moments become NaN or Inf; gantk::Error on a bad batch size, data width or batch.
  template <Dataset Data>
  StepInfo train_step(const Data& data, Index batch) {
    check_data(data, batch);
    // the rollback point: a serialised copy of everything a step changes, in a buffer that
    // keeps its capacity (no allocation after the first steps)
    snapshot_.clear();
    write_state(snapshot_);
    try {
      return run_step(data, batch);
    } catch (...) {
      read_state_unchecked(snapshot_.data(), snapshot_.size(), "the step's snapshot");
      throw;
    }
  }

  /// Writes everything a step reads (parameters, network state, optimizers, random streams,
  /// the step counter, strategies' state) to `path` atomically. Format: io/checkpoint.hpp.
  void save_checkpoint(const std::string& path) const { io::save_checkpoint(*this, path); }

  /// Restores a checkpoint of this GAN type; its state wins over this GAN's config (seed,
  /// optimizer settings). Training on from it is bit-identical to never having stopped.
  /// @throws gantk::CheckpointError (wrong type, truncated, corrupt, newer version); the GAN
  /// is then unchanged.
  void load_checkpoint(const std::string& path) { io::load_checkpoint(*this, path); }

  /// Multiplies both learning rates by `factor`, including the base rates of a schedule
  /// (LearningRateDecay), so that the reduction lasts.
  void scale_learning_rates(double factor) {
    GANTK_CHECK(factor > 0 && std::isfinite(factor), "scale_learning_rates: factor must be positive and finite, got ",
                factor);
    g_opt_.set_learning_rate(g_opt_.learning_rate() * factor);
    d_opt_.set_learning_rate(d_opt_.learning_rate() * factor);
    for_each_strategy([&](auto& s) {
      if constexpr (requires { s.scale_learning_rates(factor); }) s.scale_learning_rates(factor);
    });
  }

  /// The state sections of a checkpoint, for a StateWriter or a StateReader (io/state_archive.hpp).
  /// A strategy that keeps state between steps lists it in its own serialize_state(Archive&).
  template <class Archive>
  void serialize_state(Archive& a) {
    a.section("STEP", [&] {
      a.io(step_);
      a.io(last_.step);
      a.io(last_.d_loss);
      a.io(last_.g_loss);
      a.io(last_.d_penalty);
      a.io(last_.g_penalty);
      a.io(last_.d_real);
      a.io(last_.d_fake);
      a.io(settings_.n_critic);
      a.require(step_ >= 0 && settings_.n_critic >= 1, "step ", step_, ", n_critic ", settings_.n_critic);
    });
    a.section("GNET", [&] {
      a.io(g_.params);
      a.io(g_.state);
    });
    a.section("DNET", [&] {
      a.io(d_.params);
      a.io(d_.state);
    });
    a.section("GOPT", [&] { a.io(g_opt_); });
    a.section("DOPT", [&] { a.io(d_opt_); });
    a.section("RNGS", [&] {
      a.io(data_rng_);
      a.io(noise_rng_);
      a.io(sample_rng_);
      a.io(pass_rng_);
    });
    if constexpr (conditional)
      a.section("CLAS", [&] {
        a.io(class_counts_);
        for (const auto count : class_counts_) a.require(count >= 0, "class count ", count);
      });
    std::uint32_t index = 0;
    for_each_strategy([&](auto& s) {
      if constexpr (requires { s.serialize_state(a); }) {
        a.section("STRA", [&] {
          std::uint32_t stored = index;
          a.io(stored);
          a.require(stored == index, "state of strategy ", stored, " where strategy ", index, "'s was expected");
          s.serialize_state(a);
        });
      }
      ++index;
    });
  }

  /// Appends the state payload (serialize_state) to `out`.
  void write_state(std::vector<unsigned char>& out) const {
    io::StateWriter w(out);
    const_cast<GAN&>(*this).serialize_state(w);  // the writer only reads
  }

  /// Restores the state payload; on any error the GAN is unchanged.
  void read_state(const unsigned char* data, std::size_t n, const std::string& source) {
    std::vector<unsigned char> before;
    write_state(before);
    try {
      read_state_unchecked(data, n, source);
    } catch (...) {
      read_state_unchecked(before.data(), before.size(), "the state before loading");
      throw;
    }
  }

 private:
  template <Dataset Data>
  StepInfo run_step(const Data& data, Index batch) {
    prepare(batch);
    StepData step_data = make_step_data(batch);
    for (int c = 0; c < settings_.n_critic; ++c) {
      step_data.critic_iteration = c;
      draw_batch(data, step_data);
      generate(step_data);
      discriminator_update(step_data);
    }
    generator_update(step_data);
    ++step_;
    last_ = StepInfo{step_, step_data.d_loss, step_data.g_loss, step_data.d_penalty, step_data.g_penalty, mean(step_data.d_real_out),
                     mean(step_data.d_fake_out)};
    return last_;
  }

  void read_state_unchecked(const unsigned char* data, std::size_t n, const std::string& source) {
    io::StateReader r(data, n, source);
    serialize_state(r);
    r.require(r.left() == 0, r.left(), " bytes after the last section");
    ws_.batch = -1;  // strategies' buffers may have changed shape: prepare() again
  }

 public:

  /// Trains for options.steps steps (the trainer, training/fit.hpp: progress, callbacks,
  /// checkpoints, rollback on divergence); the same as gantk::fit(*this, data, options, callbacks...).
  template <class Data, class... Callbacks>
    requires(Dataset<Data> || DatasetSpec<Data>)
  FitReport fit(const Data& data, FitOptions options = {}, Callbacks&&... callbacks) {
    return gantk::fit(*this, data, std::move(options), std::forward<Callbacks>(callbacks)...);
  }

  /// True the first time it is asked on a GAN whose critic is unconstrained (critic_unconstrained):
  /// the trainer's warning is then due. Later calls, and other GANs, answer false.
  bool unconstrained_critic_warning_due() {
    if constexpr (!critic_unconstrained) return false;
    return !std::exchange(warned_unconstrained_critic_, true);
  }

  /// Throws gantk::Error when `data` cannot feed this GAN batches of `batch` samples. A
  /// class-conditional GAN given unlabelled data fails to compile here.
  template <class Data>
  void check_data(const Data& data, Index batch) const {
    if constexpr (conditional) {
      static_assert(detail::ConditionalNeedsLabels<Data>::ok);
      static_assert(detail::ClassPacksNeedClassSampling<Data, packs_by_class>::ok);
      if constexpr (LabeledDataset<Data>)
        GANTK_CHECK(data.classes() == classes, "the dataset has ", data.classes(),
                    " classes but this GAN was built for Conditional<", classes, ">");
    }
    GANTK_CHECK(batch > 0, "batch size must be positive, got ", batch);
    GANTK_CHECK(batch % pack == 0, "batch size ", batch, " is not a multiple of the pack size ", pack,
                " (PacGAN packs that many samples per D input)");
    GANTK_CHECK(data.width() == data_width, "the dataset's samples have width ", data.width(),
                " but this GAN was built for Data<", data_width, ">");
  }

  // ---- using the generator ----

  /// n samples from G in evaluation mode (data_width × n). A class-conditional GAN draws their
  /// classes in proportion to the labels it has trained on (uniformly before its first step); a
  /// multi-generator GAN (MultiGenerator<K>) draws each sample's generator uniformly.
  Matrix sample(Index n) { return sample(n, sample_rng_); }

  /// n samples from G drawn with the given random stream.
  Matrix sample(Index n, Rng& rng) const { return sample(n, rng, nullptr); }

  /// As sample(n, rng), and, when `drawn` is given, the class (a class-conditional GAN) or the
  /// generator (MultiGenerator<K>) each sample was drawn for; empty for other GANs.
  Matrix sample(Index n, Rng& rng, std::vector<int>* drawn) const {
    GANTK_CHECK(n > 0, "sample: n must be positive, got ", n);
    Matrix z(latent_width, n);
    B::fill_normal(B::view(z), rng, T(0), T(1));
    draw_codes(z, rng);
    std::vector<int> own;
    std::vector<int>& codes = drawn ? *drawn : own;
    codes.clear();
    if constexpr (conditional || generators > 0) {
      codes.resize(static_cast<std::size_t>(n));
      for (int& c : codes)
        c = conditional ? draw_class(rng) : static_cast<int>(rng.below(static_cast<std::uint32_t>(generators)));
      return run_generator(z, one_hot(codes, "sample"));
    } else {
      return generate_from(z);
    }
  }

  /// n samples of class c from a class-conditional G (data_width × n).
  Matrix sample_class(Index n, int c)
    requires(conditional)
  {
    return sample_class(n, c, sample_rng_);
  }
  Matrix sample_class(Index n, int c, Rng& rng) const
    requires(conditional)
  {
    GANTK_CHECK(n > 0, "sample_class: n must be positive, got ", n);
    return sample_classes(std::vector<int>(static_cast<std::size_t>(n), c), rng);
  }
  /// One sample per entry of `labels`, of that class (data_width × labels.size()).
  Matrix sample_classes(std::span<const int> labels, Rng& rng) const
    requires(conditional)
  {
    GANTK_CHECK(!labels.empty(), "sample_classes: no labels given");
    Matrix z(latent_width, static_cast<Index>(labels.size()));
    B::fill_normal(B::view(z), rng, T(0), T(1));
    draw_codes(z, rng);
    return run_generator(z, one_hot(labels, "sample_classes"));
  }

  /// The share of each class among the labels trained on so far (all 0 before the first step);
  /// sample() draws classes in these proportions.
  std::vector<double> class_frequencies() const
    requires(conditional)
  {
    double total = 0;
    for (const auto count : class_counts_) total += static_cast<double>(count);
    std::vector<double> f(classes, 0.0);
    if (total > 0)
      for (int c = 0; c < classes; ++c) f[static_cast<std::size_t>(c)] = static_cast<double>(class_counts_[c]) / total;
    return f;
  }

  /// Samples per generator pass in sample() and generate_from(): evaluation treats every sample
  /// alone (BatchNorm uses its running statistics), so the chunks change no value, and a pass's
  /// tape over the 26 000 images of an evaluation would take gigabytes.
  static constexpr Index generate_chunk = 2048;

  /// G(z) in evaluation mode for the given latent codes (latent_width × n). A class-conditional
  /// GAN needs the classes too: generate_from(z, labels); a multi-generator GAN the generators.
  Matrix generate_from(const Matrix& z) const
    requires(code_rows == 0)
  {
    return run_generator(z, Matrix());
  }
  /// G(z, y) of a class-conditional GAN: column j of z generated as class labels[j]. In a
  /// multi-generator GAN (MultiGenerator<K>) labels[j] is the generator of column j.
  Matrix generate_from(const Matrix& z, std::span<const int> labels) const
    requires(code_rows > 0)
  {
    GANTK_CHECK(static_cast<Index>(labels.size()) == z.cols(), "generate_from: ", labels.size(), " labels for ",
                z.cols(), " latent codes");
    return run_generator(z, one_hot(labels, "generate_from"));
  }

  /// D's output (logit or critic value) for samples x (data_width × n, n a multiple of pack). A
  /// class-conditional GAN judges a sample as a member of a class: discriminate(x, labels).
  Matrix discriminate(const Matrix& x) const
    requires(!conditional)
  {
    return run_discriminator(x, Matrix());
  }
  Matrix discriminate(const Matrix& x, std::span<const int> labels) const
    requires(conditional)
  {
    GANTK_CHECK(static_cast<Index>(labels.size()) == x.cols(), "discriminate: ", labels.size(), " labels for ",
                x.cols(), " samples");
    if constexpr (packs_by_class) return run_discriminator(x, one_hot(pack_classes(labels), "discriminate"));
    else return run_discriminator(x, one_hot(labels, "discriminate"));
  }

  // ---- access (for users and for strategies) ----
  GModel& generator() { return g_; }
  const GModel& generator() const { return g_; }
  DModel& discriminator() { return d_; }
  const DModel& discriminator() const { return d_; }
  NetworkOptimizer& g_optimizer() { return g_opt_; }
  NetworkOptimizer& d_optimizer() { return d_opt_; }
  const Loss& loss() const { return loss_; }
  Loss& loss() { return loss_; }
  /// Strategy S as this GAN holds it: its settings (S's fields) and its read-outs.
  template <class S>
  Bound<S>& strategy() { return std::get<Bound<S>>(strategies_); }
  template <class S>
  const Bound<S>& strategy() const { return std::get<Bound<S>>(strategies_); }
  Strategies& strategies() { return strategies_; }
  const Config& config() const { return config_; }
  const TrainingSettings& settings() const { return settings_; }
  /// Steps taken so far.
  long steps() const { return step_; }
  const StepInfo& last_step() const { return last_; }
  /// The settings of train-mode passes: the random stream (dropout) and, in a class-conditional
  /// GAN, the class codes of the current step's batch (in a multi-generator GAN, its fakes'
  /// generator codes).
  Pass train_pass() {
    const Pass pass{Mode::Train, &pass_rng_};
    if constexpr (code_rows > 0)
      return pass.with_condition(ws_.condition.data(), Index(code_rows), ws_.condition.cols());
    else return pass;
  }
  /// The settings of D's train-mode passes: train_pass(), except that under ClassPacking<m> the
  /// condition is one class code per pack (D's input has batch/pack columns).
  Pass d_train_pass() {
    if constexpr (packs_by_class)
      return Pass{Mode::Train, &pass_rng_}.with_condition(ws_.pack_condition.data(), Index(classes),
                                                          ws_.pack_condition.cols());
    else return train_pass();
  }

 private:
  template <class, Hook, class>
  friend class Step;
  template <class>
  friend struct detail::StepBuffersAccess;

  template <class F>
  void for_each_strategy(F&& f) {
    std::apply([&](auto&... s) { (f(s), ...); }, strategies_);
  }
  template <Hook H, class S>
  Step<GAN, H, S> step_view(S&, StepData& data) {
    return Step<GAN, H, S>(*this, data);
  }
  template <class... S>
  static constexpr bool bound_hooks_declared(std::tuple<S...>*) {
    return (true && ... && detail::hooks_declared<S>());
  }

  void setup() {
    // the bound types carry the hooks: the near-miss and DInputStage checks apply to them
    static_assert(bound_hooks_declared(static_cast<Strategies*>(nullptr)));
    static_assert(detail::class_count<StrategyList>::strategies <= 1,
                  "two strategies in this GAN condition it on classes (define `classes`: Conditional<K>, "
                  "AuxiliaryClassifier<K>); give one. AuxiliaryClassifier<K> conditions G itself and asks D for the "
                  "class instead of telling it");
    static_assert(detail::generator_count<StrategyList>::strategies <= 1 && (generators == 0 || !conditional),
                  "MultiGenerator<K> cannot be combined with a class-conditional strategy (Conditional<K>, "
                  "AuxiliaryClassifier<K>) or a second MultiGenerator: G's one-hot code says either which class or "
                  "which generator, not both");
    static_assert(detail::count_g_objectives<StrategyList>::value <= 1,
                  "two strategies in this GAN both replace G's objective (define g_objective); they cannot be "
                  "combined");
    const Rng root(config_.seed);
    // library defaults, then the policies' suggestions, then the user's settings
    if constexpr (requires(TrainingSettings& s) { loss_.suggest(s); }) loss_.suggest(settings_);
    for_each_strategy([&](auto& s) {
      // a strategy whose advice depends on the loss (GradientPenalty) takes it as a second argument
      if constexpr (requires { s.suggest(settings_, loss_); }) s.suggest(settings_, loss_);
      else if constexpr (requires { s.suggest(settings_); }) s.suggest(settings_);
    });
    if (config_.g_optimizer) settings_.g_optimizer = *config_.g_optimizer;
    if (config_.d_optimizer) settings_.d_optimizer = *config_.d_optimizer;
    if (config_.n_critic) settings_.n_critic = *config_.n_critic;
    GANTK_CHECK(settings_.n_critic >= 1, "GAN: n_critic must be at least 1, got ", settings_.n_critic);
    Rng g_init = root.split(1), d_init = root.split(2);
    g_.init(g_init);
    d_.init(d_init);
    g_opt_ = NetworkOptimizer(settings_.g_optimizer, GNet::param_count);
    d_opt_ = NetworkOptimizer(settings_.d_optimizer, DNet::param_count);
    data_rng_ = root.split(3);
    noise_rng_ = root.split(4);
    sample_rng_ = root.split(5);
    pass_rng_ = root.split(6);
    std::uint64_t k = 100;
    for_each_strategy([&](auto& s) {
      if constexpr (requires { s.validate(); }) s.validate();
      if constexpr (requires { s.seed(root); }) s.seed(root.split(k));
      ++k;
    });
  }

  void prepare(Index batch) {
    if (ws_.batch == batch) return;
    ws_.batch = batch;
    ws_.real.resize(data_width, batch);
    if constexpr (!B::host_memory) ws_.real_on_host.resize(static_cast<std::size_t>(data_width * batch));
    ws_.z.resize(latent_width, batch);
    if constexpr (code_rows > 0) {
      ws_.labels.resize(static_cast<std::size_t>(batch));
      ws_.condition.resize(code_rows, batch);
      if constexpr (!B::host_memory) ws_.condition_on_host.resize(static_cast<std::size_t>(code_rows * batch));
    }
    if constexpr (packs_by_class) {
      ws_.pack_condition.resize(classes, batch / pack);
      if constexpr (!B::host_memory)
        ws_.pack_condition_on_host.resize(static_cast<std::size_t>(classes * (batch / pack)));
    }
    // the batch split evenly between the generators: sample j is made by generator j mod K
    if constexpr (generators > 0) {
      for (Index j = 0; j < batch; ++j) ws_.labels[static_cast<std::size_t>(j)] = static_cast<int>(j % generators);
      const Matrix code = one_hot(ws_.labels, "the generator code");
      B::copy(B::view(ws_.condition), B::cview(code));
    }
    ws_.fake_grad.resize(data_width, batch);
    ws_.d_real_out_grad.resize(1, batch / pack);
    ws_.d_fake_out_grad.resize(1, batch / pack);
    ws_.g_tape.resize(batch);
    ws_.d_real_tape.resize(batch / pack);
    ws_.d_fake_tape.resize(batch / pack);
    // D's own passes that a strategy declared it reads in d_penalty, ready for second order
    if constexpr (DNet::second_order) {
      if constexpr (detail::reads_d_passes<StrategyList>::real) reserve_tangents<DNet>(ws_.d_real_tape);
      if constexpr (detail::reads_d_passes<StrategyList>::fake) reserve_tangents<DNet>(ws_.d_fake_tape);
    }
    for_each_strategy([&](auto& s) {
      if constexpr (requires { s.prepare(batch); }) s.prepare(batch);
    });
  }

  StepData make_step_data(Index batch) {
    return StepData{step_,
                       0,
                       Phase::Discriminator,
                       batch,
                       B::view(ws_.real),
                       B::view(ws_.z),
                       B::cview(ws_.g_tape.out[GNet::depth - 1]),
                       ws_.real.data(),
                       ws_.real.data(),
                       Targets{},
                       B::cview(ws_.d_real_tape.out[DNet::depth - 1]),
                       B::cview(ws_.d_fake_tape.out[DNet::depth - 1]),
                       B::view(ws_.fake_grad)};
  }

  template <class Data>
  void draw_batch(const Data& data, StepData& step_data) {
    T* real_out = B::host_memory ? ws_.real.data() : ws_.real_on_host.data();
    if constexpr (conditional) {
      if constexpr (packs_by_class) {
        if constexpr (ClassSamplingDataset<Data>) {  // else check_data() has stopped the build
          draw_class_packs(data, real_out, step_data.batch);
          write_condition(step_data);
        }
      } else if constexpr (LabeledDataset<Data>) {  // else check_data() has stopped the build
        data.sample(HostView<T>(real_out, data_width, step_data.batch), std::span<int>(ws_.labels), data_rng_);
        write_condition(step_data);
      }
    } else {
      data.sample(HostView<T>(real_out, data_width, step_data.batch), data_rng_);
    }
    if constexpr (!B::host_memory) B::upload(B::view(ws_.real), ws_.real_on_host.data());
    if (!B::all_finite(B::cview(ws_.real)))
      detail::fail("the real batch of step ", step_ + 1, " contains NaN or Inf: check the dataset");
    B::fill_normal(B::view(ws_.z), noise_rng_, T(0), T(1));
    for_each_strategy([&](auto& s) {
      [[maybe_unused]] auto step = step_view<Hook::OnBatch>(s, step_data);
      if constexpr (requires { s.on_batch(step); }) s.on_batch(step);
    });
  }

  // ClassPacking<m>: pack k's first member is an ordinary labelled draw, so packs take the classes
  // in the data's proportions; its other m − 1 members are drawn from that class
  template <class Data>
  void draw_class_packs(const Data& data, T* out, Index batch) {
    for (Index k = 0; k < batch / pack; ++k) {
      T* first = out + k * pack * data_width;
      int* label = ws_.labels.data() + k * pack;
      data.sample(HostView<T>(first, data_width, 1), std::span<int>(label, 1), data_rng_);
      check_label(k * pack, label[0]);
      if constexpr (pack > 1) {
        data.sample_class(HostView<T>(first + data_width, data_width, pack - 1), label[0], data_rng_);
        std::fill(label + 1, label + pack, label[0]);
      }
    }
  }

  void check_label(Index j, int label) const {
    if (label < 0 || label >= classes)
      detail::fail("the dataset gave sample ", j, " of step ", step_ + 1, " the label ", label, ", outside the ",
                   classes, " classes of this class-conditional GAN");
  }

  // the batch's labels (checked, counted) as one-hot codes in ws_.condition; G's fakes are made
  // for the same labels (Conditional<K>); under ClassPacking<m> each pack's code, for D, too
  void write_condition(const StepData& step_data) {
    T* code = B::host_memory ? ws_.condition.data() : ws_.condition_on_host.data();
    std::fill(code, code + classes * step_data.batch, T(0));
    for (Index j = 0; j < step_data.batch; ++j) {
      const int label = ws_.labels[static_cast<std::size_t>(j)];
      check_label(j, label);
      code[j * classes + label] = T(1);
      ++class_counts_[static_cast<std::size_t>(label)];
    }
    if constexpr (!B::host_memory) B::upload(B::view(ws_.condition), ws_.condition_on_host.data());
    if constexpr (packs_by_class) {
      const Index packs = step_data.batch / pack;
      T* pack_code = B::host_memory ? ws_.pack_condition.data() : ws_.pack_condition_on_host.data();
      std::fill(pack_code, pack_code + classes * packs, T(0));
      for (Index k = 0; k < packs; ++k) pack_code[k * classes + ws_.labels[static_cast<std::size_t>(k * pack)]] = T(1);
      if constexpr (!B::host_memory) B::upload(B::view(ws_.pack_condition), ws_.pack_condition_on_host.data());
    }
  }

  // the class of each pack of m labels (ClassPacking<m>), which must agree within the pack
  std::vector<int> pack_classes(std::span<const int> labels) const {
    GANTK_CHECK(labels.size() % pack == 0, "discriminate: ", labels.size(),
                " samples is not a multiple of the pack size ", pack);
    std::vector<int> classes_of(labels.size() / pack);
    for (std::size_t k = 0; k < classes_of.size(); ++k) {
      classes_of[k] = labels[k * pack];
      for (std::size_t i = 1; i < static_cast<std::size_t>(pack); ++i)
        GANTK_CHECK(labels[k * pack + i] == classes_of[k], "discriminate: sample ", k * pack + i, " has class ",
                    labels[k * pack + i], " but pack ", k, " is of class ", classes_of[k], " (its first sample's): ",
                    "ClassPacking<", pack, "> judges packs of ", pack, " samples of one class");
    }
    return classes_of;
  }

  // one-hot codes (code_rows × labels.size()) of classes or generators
  Matrix one_hot(std::span<const int> labels, const char* caller) const {
    const Index n = static_cast<Index>(labels.size());
    std::vector<T> code(static_cast<std::size_t>(code_rows * n), T(0));
    for (Index j = 0; j < n; ++j) {
      const int c = labels[static_cast<std::size_t>(j)];
      if constexpr (conditional)
        GANTK_CHECK(c >= 0 && c < classes, caller, ": class ", c, " (entry ", j, " of the labels) is outside the ",
                    classes, " classes of this class-conditional GAN");
      else
        GANTK_CHECK(c >= 0 && c < generators, caller, ": generator ", c, " (entry ", j,
                    " of the generators) is outside the ", generators, " generators of MultiGenerator<", generators,
                    ">");
      code[static_cast<std::size_t>(j * code_rows + c)] = T(1);
    }
    Matrix m(code_rows, n);
    B::upload(B::view(m), code.data());
    return m;
  }

  // strategies whose codes take part of the latent vector (InfoGan) draw them from their prior
  // in evaluation as they do in training (on_batch)
  void draw_codes(Matrix& z, Rng& rng) const {
    std::apply(
        [&](const auto&... s) {
          (
              [&] {
                if constexpr (requires { s.draw_codes(B::view(z), rng); }) s.draw_codes(B::view(z), rng);
              }(),
              ...);
        },
        strategies_);
  }

  // a class in proportion to the labels trained on (uniform before any)
  int draw_class(Rng& rng) const {
    std::int64_t total = 0;
    for (const auto count : class_counts_) total += count;
    if (total == 0) return static_cast<int>(rng.below(static_cast<std::uint32_t>(classes)));
    const double u = rng.uniform<double>() * static_cast<double>(total);
    double run = 0;
    for (int c = 0; c + 1 < classes; ++c) {
      run += static_cast<double>(class_counts_[static_cast<std::size_t>(c)]);
      if (u < run) return c;
    }
    return classes - 1;
  }

  // G in evaluation mode, in chunks; `condition` (classes × n) is empty for an unconditional GAN
  Matrix run_generator(const Matrix& z, const Matrix& condition) const {
    GANTK_CHECK(z.rows() == latent_width, "generate_from: z has ", z.rows(), " rows, the latent width is ", latent_width);
    const Index n = z.cols();
    Matrix out(data_width, n);
    typename GNet::Tape tape;
    Vector state = g_.state;
    for (Index first = 0; first < n; first += generate_chunk) {
      const Index m = std::min(generate_chunk, n - first);
      Pass pass{Mode::Eval, nullptr};
      if constexpr (code_rows > 0)
        pass = pass.with_condition(B::columns(B::cview(condition), first, m).data(), Index(code_rows), m);
      B::copy(B::columns(B::view(out), first, m),
              g_.net.forward(g_.params.data(), state.data(), B::columns(B::cview(z), first, m), tape, pass));
    }
    return out;
  }

  Matrix run_discriminator(const Matrix& x, const Matrix& condition) const {
    GANTK_CHECK(x.rows() == data_width, "discriminate: x has ", x.rows(), " rows, the data width is ", data_width);
    GANTK_CHECK(x.cols() % pack == 0, "discriminate: ", x.cols(), " samples is not a multiple of the pack size ", pack);
    typename DNet::Tape tape;
    Vector state = d_.state;
    Pass pass{Mode::Eval, nullptr};
    if constexpr (conditional) pass = pass.with_condition(condition.data(), Index(classes), condition.cols());
    return to_matrix(d_.net.forward(d_.params.data(), state.data(),
                                    B::cview(x.data(), d_input_width, x.cols() / pack), tape, pass));
  }

  void generate(StepData&) {
    const Pass pass = train_pass();
    g_.net.forward(g_.params.data(), g_.state.data(), B::cview(ws_.z), ws_.g_tape, pass);
  }

  void discriminator_update(StepData& step_data) {
    step_data.phase = Phase::Discriminator;
    step_data.d_real_input = ws_.real.data();
    step_data.d_fake_input = step_data.fake.data();
    step_data.targets = Targets{};
    transform_d_inputs(step_data);
    const Pass pass = d_train_pass();
    B::fill(B::view(d_.grads), T(0));
    d_.net.forward(d_.params.data(), d_.state.data(), step_data.packed(step_data.d_real_input), ws_.d_real_tape, pass);
    d_.net.forward(d_.params.data(), d_.state.data(), step_data.packed(step_data.d_fake_input), ws_.d_fake_tape, pass);
    for_each_strategy([&](auto& s) {
      [[maybe_unused]] auto step = step_view<Hook::BeforeDLoss>(s, step_data);
      if constexpr (requires { s.before_d_loss(step); }) s.before_d_loss(step);
    });
    step_data.d_loss = static_cast<double>(loss_.template d_loss<B>(step_data.d_real_out, step_data.d_fake_out, B::view(ws_.d_real_out_grad),
                                                              B::view(ws_.d_fake_out_grad), step_data.targets));
    check_finite(step_data.d_loss, "discriminator", "loss", step_data);
    d_.net.backward(d_.params.data(), ws_.d_real_tape, B::cview(ws_.d_real_out_grad), d_.grads.data(), B::none());
    d_.net.backward(d_.params.data(), ws_.d_fake_tape, B::cview(ws_.d_fake_out_grad), d_.grads.data(), B::none());
    step_data.d_penalty = 0;
    for_each_strategy([&](auto& s) {
      [[maybe_unused]] auto step = step_view<Hook::DPenalty>(s, step_data);
      if constexpr (requires { s.d_penalty(step); }) step_data.d_penalty += static_cast<double>(s.d_penalty(step));
    });
    check_finite(step_data.d_penalty, "discriminator", "penalty", step_data);
    if (!d_opt_.step(d_.params.data(), d_.grads.data())) diverged_update("discriminator", d_opt_, step_data);
    for_each_strategy([&](auto& s) {
      [[maybe_unused]] auto step = step_view<Hook::AfterDUpdate>(s, step_data);
      if constexpr (requires { s.after_d_update(step); }) s.after_d_update(step);
    });
  }

  void generator_update(StepData& step_data) {
    step_data.phase = Phase::Generator;
    step_data.d_real_input = ws_.real.data();
    step_data.d_fake_input = step_data.fake.data();
    transform_d_inputs(step_data);
    B::fill(B::view(g_.grads), T(0));
    bool replaced = false;
    for_each_strategy([&](auto& s) {
      [[maybe_unused]] auto step = step_view<Hook::GObjective>(s, step_data);
      if constexpr (requires { s.g_objective(step); }) {
        step_data.g_loss = static_cast<double>(s.g_objective(step));
        replaced = true;
      }
    });
    if (!replaced) step_data.g_loss = default_g_objective(step_data);
    check_finite(step_data.g_loss, "generator", "loss", step_data);
    step_data.g_penalty = 0;
    for_each_strategy([&](auto& s) {
      [[maybe_unused]] auto step = step_view<Hook::GPenalty>(s, step_data);
      if constexpr (requires { s.g_penalty(step); }) step_data.g_penalty += static_cast<double>(s.g_penalty(step));
    });
    check_finite(step_data.g_penalty, "generator", "penalty", step_data);
    g_.net.backward(g_.params.data(), ws_.g_tape, B::cview(ws_.fake_grad), g_.grads.data(), B::none());
    if (!g_opt_.step(g_.params.data(), g_.grads.data())) diverged_update("generator", g_opt_, step_data);
  }

  // D-input transforms stage by stage (DInputStage), so ExperienceReplay's choice of fakes is made
  // before InstanceNoise perturbs them whatever order the strategies are listed in.
  void transform_d_inputs(StepData& step_data) {
    for (const DInputStage stage : {DInputStage::Select, DInputStage::Perturb})
      for_each_strategy([&](auto& s) {
        [[maybe_unused]] auto step = step_view<Hook::OnDInputs>(s, step_data);
        if constexpr (requires { s.on_d_inputs(step); })
          if (detail::d_input_stage_of<std::remove_cvref_t<decltype(s)>>() == stage) s.on_d_inputs(step);
      });
  }

 public:
  /// G's objective as the loss defines it on a step's data: D on the fakes, loss gradient, back
  /// to the fakes. Writes ∂L_G/∂fake into data.fake_grad (public for tests).
  double default_g_objective(StepData& step_data) {
    const Pass pass = d_train_pass();
    d_.net.forward(d_.params.data(), d_.state.data(), step_data.packed(step_data.d_fake_input), ws_.d_fake_tape, pass);
    if constexpr (Loss::g_needs_real)
      d_.net.forward(d_.params.data(), d_.state.data(), step_data.packed(step_data.d_real_input), ws_.d_real_tape, pass);
    const double value = static_cast<double>(
        loss_.template g_loss<B>(step_data.d_real_out, step_data.d_fake_out, B::view(ws_.d_fake_out_grad)));
    d_.net.backward(d_.params.data(), ws_.d_fake_tape, B::cview(ws_.d_fake_out_grad), nullptr,
                    step_data.packed(step_data.fake_grad.data()));
    return value;
  }

 private:
  void check_finite(double value, const char* network, const char* what, const StepData& step_data) const {
    if (std::isfinite(value)) return;
    throw DivergenceError(step_, network,
                          detail::concat("non-finite ", network, " ", what, " (", value, ") at step ", step_ + 1,
                                         critic_note(step_data), ": training diverged; ", rolled_back_note()));
  }

  void diverged_update(const char* network, const NetworkOptimizer& opt, const StepData& step_data) const {
    throw DivergenceError(step_, network,
                          detail::concat("non-finite ", network, " parameters or optimizer moments after its update at step ",
                                         step_ + 1, critic_note(step_data), " (learning rate ", opt.learning_rate(),
                                         "): training diverged; ", rolled_back_note()));
  }

  static std::string critic_note(const StepData& step_data) {
    return step_data.phase == Phase::Discriminator ? detail::concat(", critic iteration ", step_data.critic_iteration + 1)
                                             : std::string();
  }
  std::string rolled_back_note() const {
    return detail::concat("the step was rolled back (steps() = ", step_,
                          "); lower the learning rate, add a gradient penalty or check the data");
  }

  static double mean(const CView& v) {
    return v.size() ? static_cast<double>(B::sum(v)) / static_cast<double>(v.size()) : 0.0;
  }
  static Matrix to_matrix(CView v) {
    Matrix m(v.rows(), v.cols());
    B::copy(B::view(m), v);
    return m;
  }

  Config config_;
  TrainingSettings settings_;
  Loss loss_{};
  Strategies strategies_{};
  GModel g_;
  DModel d_;
  NetworkOptimizer g_opt_, d_opt_;
  Rng data_rng_, noise_rng_, sample_rng_, pass_rng_;
  Workspace ws_;
  long step_ = 0;
  StepInfo last_;
  std::vector<unsigned char> snapshot_;  // the state before the current step (rollback)
  std::array<std::int64_t, classes> class_counts_{};  // labels trained on, per class (conditional)
  bool warned_unconstrained_critic_ = false;
};

}  // namespace gantk
