// BackendOps<B>: the operations layers, losses, optimizers and networks may use, and nothing else.
//
// A backend owns its tensors (B::Matrix, B::Vector) and hands out views over them (B::View,
// B::CView: a handle and a Shape, never assumed to be host memory). Layers call only the static
// operations below; a second backend (backend/reference.hpp, the tests' plain-loop double one)
// keeps that promise checked by the build. Elementwise functors passed to map / map_broadcast /
// map_sum must be plain value functions (they may run on a device): they capture scalars, not
// pointers.
#pragma once

#include <concepts>

#include <gantk/backend/conv_geometry.hpp>
#include <gantk/backend/op.hpp>
#include <gantk/backend/resample_geometry.hpp>
#include <gantk/backend/shape.hpp>
#include <gantk/foundation/config.hpp>
#include <gantk/foundation/rng.hpp>

namespace gantk {

namespace detail {
/// Stand-ins used to state the concept: a unary and a binary value function.
struct UnaryArchetype {
  template <class T>
  T operator()(T v) const { return v; }
};
struct BinaryArchetype {
  template <class T>
  T operator()(T a, T) const { return a; }
};
/// An activation function struct (layers/activations.hpp) with only the scalar forms.
struct ActivationArchetype {
  static constexpr bool piecewise_linear = true;
  template <class T>
  static T f(T x) { return x; }
  template <class T>
  static T d1(T, T) { return T(1); }
  template <class T>
  static T d2(T, T) { return T(0); }
};
}  // namespace detail

// clang-format off
template <class B>
concept BackendOps = requires {
  typename B::Scalar;
  typename B::Matrix;
  typename B::Vector;
  typename B::View;
  typename B::CView;
  typename B::IndexMatrix;
} && requires(typename B::Scalar a, typename B::Scalar* p, const typename B::Scalar* cp, Index i, Shape s,
              typename B::Matrix& m, const typename B::Matrix& cm, typename B::Vector& vec,
              typename B::View v, typename B::CView c, typename B::IndexMatrix& arg, Op op, Rng& rng,
              const ConvGeometry& g, const ResampleGeometry& rg) {
  // tensors the backend owns: features × batch, resized outside training steps
  m.resize(i, i);
  { cm.rows() } -> std::convertible_to<Index>;
  { cm.cols() } -> std::convertible_to<Index>;
  { cm.size() } -> std::convertible_to<Index>;
  arg.resize(i, i);
  // where the tensors live: host_memory says a view's data() may be read on the host; data
  // enters and leaves through upload and download (a copy, or nothing to do, on host backends)
  { B::host_memory } -> std::convertible_to<bool>;
  B::upload(v, cp);
  B::download(p, c);
  // views
  { B::view(m) } -> std::same_as<typename B::View>;
  { B::cview(cm) } -> std::same_as<typename B::CView>;
  { B::view(vec) } -> std::same_as<typename B::View>;
  { B::view(p, i, i) } -> std::same_as<typename B::View>;
  { B::cview(cp, i, i) } -> std::same_as<typename B::CView>;
  { B::view(p, s) } -> std::same_as<typename B::View>;
  { B::cview(cp, s) } -> std::same_as<typename B::CView>;
  { B::cview(v) } -> std::same_as<typename B::CView>;
  { B::none() } -> std::same_as<typename B::View>;
  { B::cnone() } -> std::same_as<typename B::CView>;
  { B::present(c) } -> std::same_as<bool>;
  { B::present(v) } -> std::same_as<bool>;
  { B::shape(c) } -> std::same_as<Shape>;
  { B::columns(v, i, i) } -> std::same_as<typename B::View>;
  { B::columns(c, i, i) } -> std::same_as<typename B::CView>;
  { c.rows() } -> std::convertible_to<Index>;
  { c.cols() } -> std::convertible_to<Index>;
  { c.data() } -> std::convertible_to<const typename B::Scalar*>;
  // products (the fused forms may be computed unfused)
  B::gemm(a, c, op, c, op, a, v);
  B::affine(c, c, c, v);
  B::template affine_activation<detail::ActivationArchetype>(c, c, c, v, v);
  B::template gemm_activation_grad<detail::ActivationArchetype>(a, c, op, c, op, c, c, v);
  B::add_bias(v, c);
  // elementwise
  B::map(v, detail::UnaryArchetype{}, c);
  B::map(v, detail::BinaryArchetype{}, c, c);
  B::map_broadcast(v, detail::BinaryArchetype{}, c, c);
  B::template activation<detail::ActivationArchetype>(v, c);
  B::template activation_grad<detail::ActivationArchetype>(v, c, c, c);
  B::fill(v, a);
  B::copy(v, c);
  B::copy_rows(v, i, c, i, i);
  B::add_rows(v, i, c, i, i);
  B::add_rows_scaled(v, i, c, i, i, c, i);
  B::fill_rows(v, i, i, a);
  B::axpy(a, c, v);
  B::group_max(v, arg, c, 2);
  B::group_scatter(v, arg, c, 2);
  B::group_select(v, arg, c, 2);
  // reductions (row = feature, over the batch; scalars come back to the host)
  B::add_row_sums(v, c, a);
  B::row_means(v, c);
  B::row_dots(v, c, c);
  { B::sum(c) } -> std::convertible_to<typename B::Scalar>;
  { B::sum_row(c, i) } -> std::convertible_to<typename B::Scalar>;
  { B::dot(c, c) } -> std::convertible_to<typename B::Scalar>;
  { B::map_sum(detail::UnaryArchetype{}, c) } -> std::convertible_to<typename B::Scalar>;
  { B::bilinear(c, c, c) } -> std::convertible_to<typename B::Scalar>;
  { B::all_finite(c) } -> std::same_as<bool>;
  // minibatch discrimination's pair kernels (compile-time kernel count and dimension)
  B::template transpose_blocks<1, 1>(v, c);
  B::template pair_l1_exp<1, 1>(v, c);
  B::template pair_row_sums<1>(v, c, a);
  B::template pair_tangent_sums<1, 1>(v, c, c, c);
  B::template pair_scatter<1, 1>(v, c, c, c, c, c);
  // convolutions as products: receptive fields to columns, and their adjoint (adding into the images)
  B::im2col(v, c, g);
  B::col2im_add(v, c, g);
  // fixed sparse resamplings of images (pooling, up-sampling): y = A x, and dx += Aᵀ dy
  B::resample(v, c, rg);
  B::resample_adjoint_add(v, c, rg);
  // per-channel statistics: images (C·P × N) to channels as rows (C × P·N), and back
  B::channels_to_rows(v, c, i, i);
  B::rows_to_channels(v, c, i, i);
  // random draws inside a step (dropout masks)
  B::fill_uniform(v, rng, a, a);
  B::fill_normal(v, rng, a, a);
  // optimizer updates over flat parameter vectors
  B::sgd_step(v, c, v, a, a, a, true);
  B::adam_step(v, c, v, v, a, a, a, a, a);
  B::rmsprop_step(v, c, v, a, a, a);
};
// clang-format on

namespace detail {
/// Names the backend in the diagnostic when it lacks an operation of BackendOps.
template <class B>
struct BackendCheck {
  static_assert(BackendOps<B>,
                "this type is not a gantk backend: it lacks an operation or type of the BackendOps concept "
                "(gantk/backend/backend_ops.hpp lists them; see BackendCheck<B> in the instantiation for the type)");
  static constexpr bool ok = true;
};
}  // namespace detail

}  // namespace gantk
