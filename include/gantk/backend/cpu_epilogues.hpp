// What the GEMM kernel does with a finished block of C = α·op(A)·op(B): store it, or fuse the work
// that follows the product in a layer (bias + activation forward, activation derivative backward)
// while the block is still in L1. Each epilogue provides
//   columns<MV>(src, ld, i0, j0, rows, cols, add, last)
//                               a block of rows ≤ MV·W, column j of it at src + j·ld
//   scalar(i, j, v, add, last)  one element (blocks of a transposed product)
// add: C already holds a partial sum to add to (β = 1, or a later block of k); last: this is the
// final block of k, so the fused work applies (earlier blocks store raw sums in C).
//
// The kernel reaches an epilogue through EpilogueRef<T>, one indirect call per register tile, so
// that the kernel is compiled once per scalar type rather than once per (epilogue, activation):
// a product's register tiles were 45% of a unit-test file's machine code when every epilogue had
// its own copy of them.
#pragma once

#include <algorithm>
#include <concepts>
#include <type_traits>

#include <gantk/backend/simd.hpp>
#include <gantk/foundation/config.hpp>

#if GANTK_SIMD_BITS

namespace gantk::detail::kern {

using simd::Simd;

/// Vector form of an activation when the function struct provides one (vf / vd1_mul).
template <class Fn, class S>
concept VectorActivation = requires(typename S::V v) {
  { Fn::template vf<S>(v) } -> std::same_as<typename S::V>;
};
template <class Fn, class S>
concept VectorActivationGrad = requires(typename S::V v) {
  { Fn::template vd1_mul<S>(v, v, v) } -> std::same_as<typename S::V>;
};

/// Loads and stores of one vector of a tile column holding r valid rows (r may exceed W).
template <class T>
struct TileIo {
  using S = Simd<T>;
  using V = typename S::V;
  static constexpr int W = S::width;
  static V load(const T* p, int r) { return r >= W ? S::load(p) : S::load(p, r); }
  static void store(T* p, V v, int r) {
    if (r >= W) S::store(p, v);
    else S::store(p, v, r);
  }
};

/// A finished block of C, rows × cols, to be placed at (i0, j0): element (i, j) is v[i·rs + j·cs].
/// rs is 1 except for blocks of a transposed product.
template <class T>
struct Block {
  const T* v;
  Index rs, cs;
  Index i0, j0;
  int rows, cols;
};

/// An epilogue behind one function pointer: what the kernel (instantiated per T only) calls.
template <class T>
struct EpilogueRef {
  const void* self;
  void (*apply)(const void* self, const Block<T>& b, bool add, bool last);

  void operator()(const Block<T>& b, bool add, bool last) const { apply(self, b, add, last); }

  template <class Ep>
  static EpilogueRef of(const Ep& ep) {
    return {&ep, [](const void* self, const Block<T>& b, bool add, bool last) {
              constexpr int W = Simd<T>::width;
              const Ep& e = *static_cast<const Ep*>(self);
              if (b.rs != 1) {
                for (int j = 0; j < b.cols; ++j)
                  for (int i = 0; i < b.rows; ++i) e.scalar(b.i0 + i, b.j0 + j, b.v[i * b.rs + j * b.cs], add, last);
              } else if (b.rows <= W) {
                e.template columns<1>(b.v, b.cs, b.i0, b.j0, b.rows, b.cols, add, last);
              } else {
                for (int r = 0; r < b.rows; r += 2 * W)
                  e.template columns<2>(b.v + r, b.cs, b.i0 + r, b.j0, std::min(2 * W, b.rows - r), b.cols, add, last);
              }
            }};
  }
};

/// Calls f(v, value, offset of C(i0 + v·W, j0 + j), valid rows n) over a block of rows ≤ MV·W
/// whose column j starts at src + j·ld (vectors unrolled, columns looped).
template <class T, int MV, class F>
[[gnu::always_inline]] inline void for_columns(const T* src, Index ld, Index i0, Index j0, Index ldc, int rows, int cols, F&& f) {
  constexpr int W = Simd<T>::width;
  for (int j = 0; j < cols; ++j)
    simd::unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE {
      const int n = rows - v * W;
      if (v == 0 || n > 0) f(v, TileIo<T>::load(src + j * ld + v * W, n), i0 + v * W + (j0 + j) * ldc, n);
    });
}

/// C = acc (+ C).
template <class T>
struct StoreC {
  using S = Simd<T>;
  using V = typename S::V;
  using Io = TileIo<T>;
  T* c;
  Index ldc;

  template <int MV>
  void columns(const T* src, Index ld, Index i0, Index j0, int rows, int cols, bool add, bool) const {
    for_columns<T, MV>(src, ld, i0, j0, ldc, rows, cols, [&](int, V v, Index off, int n) GANTK_ALWAYS_INLINE {
      Io::store(c + off, add ? S::add(v, Io::load(c + off, n)) : v, n);
    });
  }
  void scalar(Index i, Index j, T v, bool add, bool) const {
    T& dst = c[i + j * ldc];
    dst = add ? dst + v : v;
  }
};

/// Forward of Dense followed by an activation: pre = acc + b (stored in C), y = f(pre). With Fn
/// void, only pre (a Dense layer alone).
template <class T, class Fn>
struct BiasActivation {
  using S = Simd<T>;
  using V = typename S::V;
  using Io = TileIo<T>;
  static constexpr int W = S::width;
  T* c;  // pre-activation
  Index ldc;
  const T* bias;
  T* y;  // activation, same layout as c

  template <int MV>
  void columns(const T* src, Index ld, Index i0, Index j0, int rows, int cols, bool add, bool last) const {
    if (!last) return StoreC<T>{c, ldc}.template columns<MV>(src, ld, i0, j0, rows, cols, add, last);
    V b[MV];
    simd::unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE {
      b[v] = v * W < rows ? Io::load(bias + i0 + v * W, rows - v * W) : S::zero();
    });
    for_columns<T, MV>(src, ld, i0, j0, ldc, rows, cols, [&](int v, V acc, Index off, int n) GANTK_ALWAYS_INLINE {
      V pre = S::add(acc, b[v]);
      if (add) pre = S::add(pre, Io::load(c + off, n));
      Io::store(c + off, pre, n);
      if constexpr (std::is_void_v<Fn>) return;
      else if constexpr (VectorActivation<Fn, S>) Io::store(y + off, Fn::template vf<S>(pre), n);
      else
        for (int l = 0; l < n && l < W; ++l) y[off + l] = Fn::f(c[off + l]);
    });
  }
  void scalar(Index i, Index j, T v, bool add, bool last) const {
    T& dst = c[i + j * ldc];
    dst = add ? dst + v : v;
    if (last) {
      dst += bias[i];
      if constexpr (!std::is_void_v<Fn>) y[i + j * ldc] = Fn::f(dst);
    }
  }
};

/// Backward through an activation into the Dense before it: C = f'(x, y) ⊙ acc, where x and y are
/// the activation's input and output (same layout as C).
template <class T, class Fn>
struct ActivationGrad {
  using S = Simd<T>;
  using V = typename S::V;
  using Io = TileIo<T>;
  static constexpr int W = S::width;
  T* c;
  Index ldc;
  const T* x;
  const T* y;

  template <int MV>
  void columns(const T* src, Index ld, Index i0, Index j0, int rows, int cols, bool add, bool last) const {
    if (!last) return StoreC<T>{c, ldc}.template columns<MV>(src, ld, i0, j0, rows, cols, add, last);
    for_columns<T, MV>(src, ld, i0, j0, ldc, rows, cols, [&](int, V g, Index off, int n) GANTK_ALWAYS_INLINE {
      if (add) g = S::add(g, Io::load(c + off, n));
      if constexpr (VectorActivationGrad<Fn, S>) {
        Io::store(c + off, Fn::template vd1_mul<S>(Io::load(x + off, n), Io::load(y + off, n), g), n);
      } else {
        Io::store(c + off, g, n);
        for (int l = 0; l < n && l < W; ++l) c[off + l] = Fn::d1(x[off + l], y[off + l]) * c[off + l];
      }
    });
  }
  void scalar(Index i, Index j, T v, bool add, bool last) const {
    const Index off = i + j * ldc;
    c[off] = add ? c[off] + v : v;
    if (last) c[off] = Fn::d1(x[off], y[off]) * c[off];
  }
};

}  // namespace gantk::detail::kern

#endif
