// The layer contract: what every layer provides, first and second order.
//
// A layer *spec* (Dense<128>, ReLU, ...) is what users write; Sequential binds it to a backend
// and an input width, giving a *bound layer* with compile-time widths. A bound layer owns no
// tensors: its trainable parameters and its non-trainable state (running statistics, power
// iteration vectors) live in flat buffers owned by the model, and everything it must remember
// between forward and backward lives in a per-pass `Cache` owned by a Tape. That split lets one
// network run several passes at once (real, fake, interpolated) and lets optimizers, clipping,
// unrolling and Hessian-vector products treat all parameters as one vector.
//
// First order (every layer):
//   forward (p, state, x, y, cache, pass)              y = f(x; p)
//   backward(p, x, y, dy, dx, dp, cache)               dx = Jₓᵀ dy (skipped when dx is none),
//                                                      dp += Jₚᵀ dy (skipped when dp is null)
// Second order (SecondOrderLayer; needed by gradient penalties, R1/R2, DRAGAN, exact unrolling):
//   tangent_forward (p, ṗ, x, y, ẋ, ẏ, cache)          ẏ = Jₓ ẋ + Jₚ ṗ   (ẋ or ṗ may be absent = 0)
//   tangent_backward(p, ṗ, x, y, ẋ, ȳ, ẏ̄, x̄, ẋ̄, dp, cache) -> bool
//       the reverse pass of the pair (y, ẏ) = F(x, ẋ, p, ṗ) with ṗ held constant:
//       x̄  = Jₓᵀ ȳ + ∂ₓ⟨ẏ̄, ẏ⟩,   ẋ̄ = Jₓᵀ ẏ̄,   dp += Jₚᵀ ȳ + ∂ₚ⟨ẏ̄, ẏ⟩.
//       ȳ may be absent (= 0). Returns false when x̄ is identically zero (then x̄ is untouched),
//       which lets piecewise-linear networks skip work. ẋ̄ is skipped when none.
// With these two, ∂ₚ⟨v, ∇ₓD⟩ (penalties on D's input gradient) is one tangent pass with ẋ = v
// and a tangent backward with ȳ = 0, ẏ̄ = 1; a Hessian-vector product ∂ₚ⟨∇ₚL, u⟩ is one tangent
// pass with ṗ = u. Both are exact; tests/unit/test_layers.cpp checks every layer against
// central differences in double precision.
#pragma once

#include <concepts>

#include <gantk/backend/archetype.hpp>
#include <gantk/layers/image.hpp>
#include <gantk/backend/backend_ops.hpp>
#include <gantk/foundation/config.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/foundation/rng.hpp>

namespace gantk {

enum class Mode { Train, Eval };

/// What a forward pass needs beyond its inputs.
struct Pass {
  Mode mode = Mode::Train;
  Rng* rng = nullptr;  ///< for stochastic layers (dropout); may be null in Eval mode
  /// The condition of a conditional network (class codes, read by AppendCondition): a backend
  /// buffer of condition_rows × (the pass's batch) values of the network's scalar type, whose
  /// size in bytes is condition_scalar_bytes (checked by the reader); null when there is none.
  /// Type-erased so that one Pass serves every backend and precision.
  const void* condition = nullptr;
  Index condition_rows = 0, condition_cols = 0;
  int condition_scalar_bytes = 0;

  /// This pass with the given condition (rows × cols values of type T, alive while the pass runs).
  template <class T>
  Pass with_condition(const T* data, Index rows, Index cols) const {
    Pass p = *this;
    p.condition = data;
    p.condition_rows = rows;
    p.condition_cols = cols;
    p.condition_scalar_bytes = static_cast<int>(sizeof(T));
    return p;
  }
};

namespace detail {
/// The pass's condition, checked to be rows × cols values of type T, for the layer named `layer`
/// (AppendCondition, ClassProjection) that reads it; throws gantk::Error saying what is wrong.
template <class T>
const T* pass_condition(const Pass& pass, Index rows, Index cols, const char* layer) {
  GANTK_CHECK(pass.condition != nullptr, layer, "<", rows,
              ">: this network is conditional but its pass carries no condition; run it through the GAN "
              "(sample_class, generate_from(z, labels), discriminate(x, labels)) or give the Pass one "
              "(Pass::with_condition)");
  GANTK_CHECK(pass.condition_scalar_bytes == static_cast<int>(sizeof(T)), layer, "<", rows, ">: the condition holds ",
              pass.condition_scalar_bytes, "-byte values, the network ", sizeof(T), "-byte ones");
  GANTK_CHECK(pass.condition_rows == rows && pass.condition_cols == cols, layer, "<", rows, ">: the condition is ",
              pass.condition_rows, " × ", pass.condition_cols, ", the pass needs ", rows, " × ", cols, " (one code of ",
              rows, " values per sample)");
  return static_cast<const T*>(pass.condition);
}
}  // namespace detail

/// A bound layer with first-order passes.
template <class L>
concept Layer = requires(const L& l, const typename L::Backend::Scalar* p, typename L::Backend::Scalar* s,
                         typename L::Backend::CView x, typename L::Backend::View y, typename L::Cache& c,
                         const Pass& pass, Rng& rng) {
  typename L::Backend;
  typename L::Cache;
  { L::in_width } -> std::convertible_to<int>;
  { L::out_width } -> std::convertible_to<int>;
  { L::param_count } -> std::convertible_to<Index>;
  { L::state_count } -> std::convertible_to<Index>;
  l.init(s, s, rng);
  l.forward(p, s, x, y, c, pass);
  l.backward(p, x, x, x, y, s, c);
};

/// A bound layer that also has the exact second-order passes (see the contract above).
template <class L>
concept SecondOrderLayer = Layer<L> && requires(const L& l, const typename L::Backend::Scalar* p,
                                                typename L::Backend::Scalar* g, typename L::Backend::CView x,
                                                typename L::Backend::View y, typename L::Cache& c) {
  l.tangent_forward(p, p, x, x, x, y, c);
  { l.tangent_backward(p, p, x, x, x, x, x, y, y, g, c) } -> std::same_as<bool>;
};

/// A layer spec that works on images: Sequential binds it with the image shape it receives
/// (`template <class B, class Image> using bind_image`; layers/image.hpp).
template <class S>
concept ImageLayerSpec = requires { typename S::template bind_image<detail::ArchetypeBackend, detail::UnitImage>; };

/// A layer spec: something Sequential can bind to any backend (the archetype stands for them
/// all) and an input width, or, for a layer on images, an input shape.
template <class S>
concept LayerSpec = requires { typename S::template bind<detail::ArchetypeBackend, 1>; } || ImageLayerSpec<S>;

namespace detail {
/// Whether bound layer L passes its input's image shape on (activations, dropout).
template <class L>
constexpr bool keeps_shape() {
  if constexpr (requires { L::keeps_shape; }) return L::keeps_shape;
  else return false;
}
}  // namespace detail

/// Layers without per-pass memory use this cache.
struct NoCache {
  void resize(Index) {}
};

}  // namespace gantk
