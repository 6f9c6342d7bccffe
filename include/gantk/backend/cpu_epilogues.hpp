// What the GEMM kernel does with a finished tile of C = op(A)·op(B): store it, or fuse the work
// that follows the product in a layer (bias + activation forward, activation derivative backward)
// while the tile is still in registers. Each epilogue provides
//   tile<MV, NR>(acc, i0, j0, rows, cols, add, last)  a register tile: rows × cols at (i0, j0)
//   scalar(i, j, v, add, last)                   one element (small-m paths)
// add: C already holds a partial sum to add to (β = 1, or a later block of k); last: this is the
// final block of k, so the fused work applies (earlier blocks store raw sums in C).
#pragma once

#include <concepts>
#include <type_traits>

#include <gantk/backend/simd.hpp>
#include <gantk/core/config.hpp>

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

/// Calls f(j, v, offset of C(i0 + v·W, j0 + j), valid rows r) over a tile; the full-tile case
/// (every tile but the last of each column) is unrolled with no per-vector test.
template <class T, int MV, int NR, class F>
[[gnu::always_inline]] inline void for_tile(Index i0, Index j0, Index ldc, int rows, int cols, F&& f) {
  constexpr int W = Simd<T>::width;
  if (rows == MV * W && cols == NR) {
    simd::unroll<NR>([&](auto j) GANTK_ALWAYS_INLINE {
      simd::unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE { f(j, v, i0 + v * W + (j0 + j) * ldc, W); });
    });
  } else {
    simd::unroll<NR>([&](auto j) GANTK_ALWAYS_INLINE {
      simd::unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE {
        if (j < cols && v * W < rows) f(j, v, i0 + v * W + (j0 + j) * ldc, rows - v * W);
      });
    });
  }
}

/// C = acc (+ C).
template <class T>
struct StoreC {
  using S = Simd<T>;
  using V = typename S::V;
  using Io = TileIo<T>;
  T* c;
  Index ldc;

  template <int MV, int NR>
  [[gnu::always_inline]] void tile(V (&acc)[NR][MV], Index i0, Index j0, int rows, int cols, bool add, bool) const {
    if (add)
      for_tile<T, MV, NR>(i0, j0, ldc, rows, cols, [&](int j, int v, Index off, int r) GANTK_ALWAYS_INLINE {
        Io::store(c + off, S::add(acc[j][v], Io::load(c + off, r)), r);
      });
    else
      for_tile<T, MV, NR>(i0, j0, ldc, rows, cols, [&](int j, int v, Index off, int r) GANTK_ALWAYS_INLINE { Io::store(c + off, acc[j][v], r); });
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

  template <int MV, int NR>
  [[gnu::always_inline]] void tile(V (&acc)[NR][MV], Index i0, Index j0, int rows, int cols, bool add, bool last) const {
    if (!last) return StoreC<T>{c, ldc}.template tile<MV, NR>(acc, i0, j0, rows, cols, add, last);
    V b[MV];
    simd::unroll<MV>([&](auto v) GANTK_ALWAYS_INLINE {
      b[v] = v * W < rows ? Io::load(bias + i0 + v * W, rows - v * W) : S::zero();
    });
    for_tile<T, MV, NR>(i0, j0, ldc, rows, cols, [&](int j, int v, Index off, int r) GANTK_ALWAYS_INLINE {
      V pre = S::add(acc[j][v], b[v]);
      if (add) pre = S::add(pre, Io::load(c + off, r));
      Io::store(c + off, pre, r);
      if constexpr (std::is_void_v<Fn>) return;
      else if constexpr (VectorActivation<Fn, S>) Io::store(y + off, Fn::template vf<S>(pre), r);
      else
        for (int l = 0; l < r && l < W; ++l) y[off + l] = Fn::f(c[off + l]);
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

  template <int MV, int NR>
  [[gnu::always_inline]] void tile(V (&acc)[NR][MV], Index i0, Index j0, int rows, int cols, bool add, bool last) const {
    if (!last) return StoreC<T>{c, ldc}.template tile<MV, NR>(acc, i0, j0, rows, cols, add, last);
    for_tile<T, MV, NR>(i0, j0, ldc, rows, cols, [&](int j, int v, Index off, int r) GANTK_ALWAYS_INLINE {
      V g = acc[j][v];
      if (add) g = S::add(g, Io::load(c + off, r));
      if constexpr (VectorActivationGrad<Fn, S>) {
        Io::store(c + off, Fn::template vd1_mul<S>(Io::load(x + off, r), Io::load(y + off, r), g), r);
      } else {
        Io::store(c + off, g, r);
        for (int l = 0; l < r && l < W; ++l) c[off + l] = Fn::d1(x[off + l], y[off + l]) * c[off + l];
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
