// Network<B, Layers...>: a chain of bound layers with forward, backward and the second-order
// passes, over parameters held in one flat buffer.
//
// Where a layer offers a fused pass with the activation layer next to it (DenseLayer's
// forward_activation / backward_activation, see detail::FusesForward), forward and backward run
// the pair as one pass: the activation costs no extra sweep over memory. The tape holds the same
// values either way (the pre-activation and the activation), so everything that reads it is
// unaffected; the second-order passes run layer by layer.
#pragma once

#include <array>
#include <tuple>
#include <utility>

#include <gantk/backend/backend_ops.hpp>
// CpuBackend is the backend the GAN binds networks to by default; code that holds networks keeps
// seeing it through here. Network itself needs only BackendOps.
#include <gantk/backend/cpu.hpp>
#include <gantk/layers/layer.hpp>

namespace gantk {

namespace detail {

template <std::size_t N, class F, std::size_t... I>
void for_each_index_impl(F&& f, std::index_sequence<I...>) {
  (f(std::integral_constant<std::size_t, I>{}), ...);
}
/// f(integral_constant<0>), ..., f(integral_constant<N-1>)
template <std::size_t N, class F>
void for_each_index(F&& f) {
  for_each_index_impl<N>(f, std::make_index_sequence<N>{});
}
template <std::size_t N, class F, std::size_t... I>
void for_each_index_reverse_impl(F&& f, std::index_sequence<I...>) {
  (f(std::integral_constant<std::size_t, N - 1 - I>{}), ...);
}
/// f(integral_constant<N-1>), ..., f(integral_constant<0>)
template <std::size_t N, class F>
void for_each_index_reverse(F&& f) {
  for_each_index_reverse_impl<N>(f, std::make_index_sequence<N>{});
}

template <class... L>
constexpr auto prefix_offsets(std::array<Index, sizeof...(L)> counts) {
  std::array<Index, sizeof...(L) + 1> off{};
  for (std::size_t i = 0; i < counts.size(); ++i) off[i + 1] = off[i] + counts[i];
  return off;
}

/// L's forward pass can absorb the activation layer Next that follows it (Dense → activation).
template <class L, class Next>
concept FusesForward = requires(const L& l, const typename L::Backend::Scalar* p, typename L::Backend::CView x,
                                typename L::Backend::View y) {
  typename Next::function;
  l.template forward_activation<typename Next::function>(p, x, y, y);
};
/// L's backward pass can absorb the backward pass of the activation layer Act before it.
template <class Act, class L>
concept FusesBackward = requires(const L& l, const typename L::Backend::Scalar* p, typename L::Backend::Scalar* g,
                                 typename L::Backend::CView x, typename L::Backend::View y) {
  typename Act::function;
  l.template backward_activation<typename Act::function>(p, x, x, x, y, g);
};

}  // namespace detail

template <class B, class... L>
class Network {
  static_assert(sizeof...(L) > 0, "a Network needs at least one layer");
  static_assert(detail::BackendCheck<B>::ok);

 public:
  using Backend = B;
  using T = typename B::Scalar;
  using Matrix = typename B::Matrix;
  using Vector = typename B::Vector;
  using CView = typename B::CView;
  using View = typename B::View;
  using Layers = std::tuple<L...>;

  static constexpr std::size_t depth = sizeof...(L);
  template <std::size_t I>
  using LayerAt = std::tuple_element_t<I, Layers>;
  static constexpr int in_width = LayerAt<0>::in_width;
  static constexpr int out_width = LayerAt<depth - 1>::out_width;
  static constexpr std::array<int, depth> in_widths{L::in_width...};
  static constexpr std::array<int, depth> out_widths{L::out_width...};
  static constexpr auto param_offsets = detail::prefix_offsets<L...>({L::param_count...});
  static constexpr auto state_offsets = detail::prefix_offsets<L...>({L::state_count...});
  static constexpr Index param_count = param_offsets[depth];
  static constexpr Index state_count = state_offsets[depth];
  /// True when every layer provides the exact second-order passes.
  static constexpr bool second_order = (SecondOrderLayer<L> && ...);
  static constexpr int max_width = [] {
    int m = in_width;
    for (int w : out_widths) m = w > m ? w : m;
    return m;
  }();

  /// Everything one pass (and its backward and tangent passes) needs, sized once per batch.
  struct Tape {
    Index batch = -1;
    const T* input = nullptr;          // not owned; must outlive backward/tangent passes
    const T* input_tangent = nullptr;  // likewise
    std::array<Matrix, depth> out;     // out[i] = output of layer i
    std::array<Matrix, depth> tangent; // ẏ of layer i (allocated on first tangent pass)
    std::tuple<typename L::Cache...> caches;
    std::array<Matrix, 2> adjoint;     // ping-pong buffers for x̄
    std::array<Matrix, 2> tangent_adjoint;

    void resize(Index n) {
      if (n == batch) return;
      batch = n;
      detail::for_each_index<depth>([&](auto i) {
        out[i].resize(out_widths[i], n);
        std::get<i>(caches).resize(n);
        if (tangent[i].size() != 0) tangent[i].resize(out_widths[i], n);
      });
      for (auto& m : adjoint) m.resize(max_width, n);
      for (auto& m : tangent_adjoint) m.resize(max_width, n);
    }
    CView output() const { return B::cview(out[depth - 1]); }
    CView output_tangent() const { return B::cview(tangent[depth - 1]); }

   private:
    friend class Network;
    void ensure_tangents() {
      detail::for_each_index<depth>([&](auto i) {
        if (tangent[i].rows() != out_widths[i] || tangent[i].cols() != batch) tangent[i].resize(out_widths[i], batch);
      });
    }
  };

  Layers layers;

  template <std::size_t I>
  auto& layer() { return std::get<I>(layers); }
  template <std::size_t I>
  const auto& layer() const { return std::get<I>(layers); }

  void init(T* p, T* s, Rng& rng) const {
    detail::for_each_index<depth>([&](auto i) {
      std::get<i>(layers).init(p + param_offsets[i], s + state_offsets[i], rng);
    });
  }

  /// Runs the layers on x (in_width × batch). x must stay alive while the tape is used.
  CView forward(const T* p, T* s, CView x, Tape& t, const Pass& pass) const {
    GANTK_CHECK(x.rows() == in_width, "network input has ", x.rows(), " rows but the first layer expects ", in_width);
    t.resize(x.cols());
    t.input = x.data();
    detail::for_each_index<depth>([&](auto i) {
      constexpr std::size_t I = i;
      if constexpr (I > 0 && fused_forward<I - 1>()) {
        // computed together with layer I - 1
      } else if constexpr (fused_forward<I>()) {
        using Fn = typename LayerAt<I + 1>::function;
        std::get<I>(layers).template forward_activation<Fn>(p + param_offsets[I], layer_input(t, i), B::view(t.out[I]),
                                                            B::view(t.out[I + 1]));
      } else {
        std::get<I>(layers).forward(p + param_offsets[I], s + state_offsets[I], layer_input(t, i), B::view(t.out[I]),
                                    std::get<I>(t.caches), pass);
      }
    });
    return t.output();
  }

  /// Reverse pass from dy (out_width × batch). Accumulates parameter gradients into dp unless dp
  /// is null; writes the input gradient into dx unless dx is none.
  void backward(const T* p, Tape& t, CView dy, T* dp, View dx) const {
    const T* cur = dy.data();
    std::size_t k = 0;
    const Index n = t.batch;
    detail::for_each_index_reverse<depth>([&](auto i) {
      constexpr std::size_t I = i;
      if constexpr (I + 1 < depth && fused_backward<I + 1>()) {
        // computed together with layer I + 1
      } else if constexpr (fused_backward<I>()) {
        // layer I and the activation I - 1 before it: cur becomes the activation's input gradient
        using Fn = typename LayerAt<I - 1>::function;
        View dz = I == 1 ? dx : B::view(t.adjoint[k].data(), in_widths[I - 1], n);
        std::get<I>(layers).template backward_activation<Fn>(
            p + param_offsets[I], layer_input(t, i), B::cview(cur, out_widths[I], n),
            layer_input(t, std::integral_constant<std::size_t, I - 1>{}), dz, dp ? dp + param_offsets[I] : nullptr);
        cur = dz.data();
        k ^= 1;
      } else {
        View dxi = I == 0 ? dx : B::view(t.adjoint[k].data(), in_widths[I], n);
        std::get<I>(layers).backward(p + param_offsets[I], layer_input(t, i), B::cview(t.out[I]),
                                     B::cview(cur, out_widths[I], n), dxi, dp ? dp + param_offsets[I] : nullptr,
                                     std::get<I>(t.caches));
        cur = dxi.data();
        k ^= 1;
      }
    });
  }

  /// Forward tangent pass: ẏ = J_x ẋ + J_p ṗ through the whole network, for the inputs of the last
  /// forward pass on this tape. ẋ and ṗ may be absent (zero). Needs a SecondOrderLayer chain.
  CView tangent_forward(const T* p, const T* pd, Tape& t, CView xd) const {
    static_assert(second_order,
                  "this network has a layer without the second-order passes (tangent_forward / tangent_backward); "
                  "gradient penalties and exact unrolling need every layer to provide them (see gantk/layers/layer.hpp)");
    if constexpr (second_order) tangent_forward_impl(p, pd, t, xd);
    return t.output_tangent();
  }

  /// Reverse pass of the tangent pass, with ṗ held constant: from ȳ (may be absent) and ẏ̄ it
  /// accumulates dp += ∂ₚ(⟨ȳ, y⟩ + ⟨ẏ̄, ẏ⟩) and writes x̄ and ẋ̄ (each skipped when none).
  void tangent_backward(const T* p, const T* pd, Tape& t, CView yb, CView ydb, T* dp, View xb, View xdb) const {
    static_assert(second_order,
                  "this network has a layer without the second-order passes (tangent_forward / tangent_backward); "
                  "gradient penalties and exact unrolling need every layer to provide them (see gantk/layers/layer.hpp)");
    if constexpr (second_order) tangent_backward_impl<depth - 1>(p, pd, t, yb, ydb, dp, xb, xdb);
  }

  /// tangent_backward from the output of layer I instead of the network's: ȳ and ẏ̄ are shaped
  /// like layer I's output, and layers I+1.. are left out (the critics of several-discriminator
  /// D's, which sit before AuxiliaryOutputs, are penalised one row at a time this way).
  template <std::size_t I>
  void tangent_backward_from(const T* p, const T* pd, Tape& t, CView yb, CView ydb, T* dp, View xb, View xdb) const {
    static_assert(I < depth, "tangent_backward_from<I>: I must name a layer of the network");
    static_assert(second_order,
                  "this network has a layer without the second-order passes (tangent_forward / tangent_backward); "
                  "gradient penalties and exact unrolling need every layer to provide them (see gantk/layers/layer.hpp)");
    if constexpr (second_order) tangent_backward_impl<I>(p, pd, t, yb, ydb, dp, xb, xdb);
  }

 private:
  /// Layer I and the activation layer after it run as one fused forward pass.
  template <std::size_t I>
  static constexpr bool fused_forward() {
    if constexpr (I < depth && I + 1 < depth) return detail::FusesForward<LayerAt<I>, LayerAt<I + 1>>;
    else return false;
  }
  /// Layer I and the activation layer before it run as one fused backward pass.
  template <std::size_t I>
  static constexpr bool fused_backward() {
    if constexpr (I >= 1 && I < depth) return detail::FusesBackward<LayerAt<I - 1>, LayerAt<I>>;
    else return false;
  }

  void tangent_forward_impl(const T* p, const T* pd, Tape& t, CView xd) const {
    t.ensure_tangents();
    t.input_tangent = B::present(xd) ? xd.data() : nullptr;
    detail::for_each_index<depth>([&](auto i) {
      const CView xdi = tangent_input(t, i, xd);
      std::get<i>(layers).tangent_forward(p + param_offsets[i], pd ? pd + param_offsets[i] : nullptr,
                                          layer_input(t, i), B::cview(t.out[i]), xdi, B::view(t.tangent[i]),
                                          std::get<i>(t.caches));
    });
  }

  template <std::size_t Top>
  void tangent_backward_impl(const T* p, const T* pd, Tape& t, CView yb, CView ydb, T* dp, View xb, View xdb) const {
    const Index n = t.batch;
    const T* cur_b = B::present(yb) ? yb.data() : nullptr;
    const T* cur_db = ydb.data();
    std::size_t k = 0;
    bool wrote_first = false;
    detail::for_each_index_reverse<Top + 1>([&](auto i) {
      const int w = in_widths[i], ow = out_widths[i];
      View xbi = (i == 0 && B::present(xb)) ? xb : B::view(t.adjoint[k].data(), w, n);
      View xdbi = i == 0 ? xdb : B::view(t.tangent_adjoint[k].data(), w, n);
      const CView xdi = tangent_input(t, i, t.input_tangent ? B::cview(t.input_tangent, w, n) : B::cnone());
      const bool nz = std::get<i>(layers).tangent_backward(
          p + param_offsets[i], pd ? pd + param_offsets[i] : nullptr, layer_input(t, i), B::cview(t.out[i]), xdi,
          cur_b ? B::cview(cur_b, ow, n) : B::cnone(), B::cview(cur_db, ow, n), xbi, xdbi,
          dp ? dp + param_offsets[i] : nullptr, std::get<i>(t.caches));
      cur_b = nz ? xbi.data() : nullptr;
      cur_db = xdbi.data();
      if (i == 0) wrote_first = nz;
      k ^= 1;
    });
    if (B::present(xb) && !wrote_first) B::fill(xb, T(0));
  }

  template <std::size_t I>
  static CView layer_input(const Tape& t, std::integral_constant<std::size_t, I>) {
    if constexpr (I == 0) return B::cview(t.input, in_width, t.batch);
    else return B::cview(t.out[I - 1]);
  }
  template <std::size_t I>
  static CView tangent_input(const Tape& t, std::integral_constant<std::size_t, I>, CView input_tangent) {
    if constexpr (I == 0) return input_tangent;
    else return B::cview(t.tangent[I - 1]);
  }
};

}  // namespace gantk
