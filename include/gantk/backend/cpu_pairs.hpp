// The CPU backend's pair kernels for minibatch discrimination (layers/minibatch_disc_features.hpp):
// O(n²) loops over the pairs i < j of a batch, in the order (0,1), (0,2), …, (1,2), ….
//
// M arrives dimension-major (row k·Kernels + b holds coordinate k of kernel b), so the inner loops
// run over the kernels, contiguous, and vectorise. Kernels and KernelDim are compile-time so that
// the per-pair arrays live in registers. The kernels are kept out of line: inlined into a layer's
// pass, GCC 12 compiled pair_scatter 3-4 times slower (measured, 256 samples, 16 kernels × 4).
//
// Two forms: `portable` (plain loops) and, when the compiler targets AVX2 or AVX-512, the same
// loops written on simd::Simd registers, one register per block of kernels. The plain loops
// vectorise at -O3 but not at -O2 (GCC 12's cheap cost model there: the minibatch layer's passes
// ran 2.4 times slower), and users build with either; the register form is as fast at both.
// tests/unit/test_backend_pairs.cpp holds the two forms to each other.
#pragma once

#include <cmath>

#include <gantk/backend/simd.hpp>
#include <gantk/foundation/config.hpp>

namespace gantk::detail::cpu {

/// f(i, j, pair) for every pair i < j of n samples, pair counting them in order.
template <class F>
void for_each_pair(Index n, F f) {
  Index pair = 0;
  for (Index i = 0; i < n; ++i)
    for (Index j = i + 1; j < n; ++j) f(i, j, pair++);
}

template <class T>
T sign(T v) {
  return T(v > T(0)) - T(v < T(0));
}

namespace portable {

/// c(b, pair) = −Σ_k |mt(k·K + b, i) − mt(k·K + b, j)| (the exponent); c is K × n(n−1)/2, column-major.
template <int K, int C, class T>
[[gnu::noinline]] void pair_l1_exp(T* c, const T* mt, Index n) {
  constexpr int rows = K * C;
  for_each_pair(n, [&](Index i, Index j, Index pair) {
    const T* mi = mt + i * rows;
    const T* mj = mt + j * rows;
    T d[K] = {};
    for (int k = 0; k < C; ++k)
      for (int b = 0; b < K; ++b) d[b] += std::abs(mi[k * K + b] - mj[k * K + b]);
    T* cij = c + pair * K;
    for (int b = 0; b < K; ++b) cij[b] = -d[b];
  });
  // the exponentials follow in one vectorised pass over all pairs (CpuBackend::pair_l1_exp)
}

/// ṡ_b(i, j) = Σ_k sign(M_k(i) − M_k(j)) (Ṁ_k(i) − Ṁ_k(j)) for every kernel b.
template <int K, int C, class T>
[[gnu::always_inline]] inline void pair_sdot(const T* mt, const T* mdt, Index i, Index j, T* out) {
  constexpr int rows = K * C;
  const T *mi = mt + i * rows, *mj = mt + j * rows;
  const T *di = mdt + i * rows, *dj = mdt + j * rows;
  T s[K] = {};  // local: out may alias the inputs as far as the compiler knows
  for (int k = 0; k < C; ++k)
    for (int b = 0; b < K; ++b) {
      const int r = k * K + b;
      s[b] += sign(mi[r] - mj[r]) * (di[r] - dj[r]);
    }
  for (int b = 0; b < K; ++b) out[b] = s[b];
}

/// o(b, i) −= c_b(i, j) ṡ_b(i, j), o(b, j) −= the same, for every pair.
template <int K, int C, class T>
[[gnu::noinline]] void pair_tangent_sums(T* o, const T* c, const T* mt, const T* mdt, Index n) {
  for_each_pair(n, [&](Index i, Index j, Index pair) {
    T sd[K];
    pair_sdot<K, C>(mt, mdt, i, j, sd);
    const T* cij = c + pair * K;
    for (int b = 0; b < K; ++b) {
      const T v = cij[b] * sd[b];
      o[b + i * K] -= v;
      o[b + j * K] -= v;
    }
  });
}

/// For every pair, with a_b = (α_b(i) + α_b(j) − (β_b(i) + β_b(j)) ṡ_b(i, j)) c_b(i, j) (the α term
/// only when HasAlpha, the β term only when HasBeta) and g_r = a_b(r) σ_r: st(r, i) −= g_r,
/// st(r, j) += g_r (st dimension-major, zeroed first). Returns the pairs whose a was not all zero.
/// (Gathering sample i's share in registers, as pair_row_sums does, measured slower here: 64
/// accumulators spill.)
template <int K, int C, bool HasAlpha, bool HasBeta, class T>
[[gnu::noinline]] Index pair_scatter(T* st, const T* c, const T* mt, const T* mdt, const T* alpha, const T* beta,
                                     Index n) {
  constexpr int rows = K * C;
  for (Index e = 0; e < rows * n; ++e) st[e] = T(0);
  Index scattered = 0;
  for_each_pair(n, [&](Index i, Index j, Index pair) {
    T sd[K] = {};
    if constexpr (HasBeta) pair_sdot<K, C>(mt, mdt, i, j, sd);
    const T* cij = c + pair * K;
    T a[K];
    for (int b = 0; b < K; ++b) {
      T w = T(0);
      if constexpr (HasAlpha) w += alpha[b + i * K] + alpha[b + j * K];
      if constexpr (HasBeta) w -= (beta[b + i * K] + beta[b + j * K]) * sd[b];
      a[b] = w * cij[b];
    }
    bool any = false;
    for (int b = 0; b < K; ++b) any |= a[b] != T(0);
    if (!any) return;
    ++scattered;
    const T *mi = mt + i * rows, *mj = mt + j * rows;
    T g[rows];  // local, so that each loop below writes one array and vectorises
    for (int k = 0; k < C; ++k)
      for (int b = 0; b < K; ++b) g[k * K + b] = a[b] * sign(mi[k * K + b] - mj[k * K + b]);
    T* oi = st + i * rows;
    for (int r = 0; r < rows; ++r) oi[r] -= g[r];
    T* oj = st + j * rows;
    for (int r = 0; r < rows; ++r) oj[r] += g[r];
  });
  return scattered;
}

/// o(b, i) += scale · Σ_{j≠i} w(b, pair(i, j)); o is K × n. Sample i's sum over j > i gathers in
/// registers (updating o(·, i) in memory once per pair would chain every pair on a store).
template <int K, class T>
[[gnu::noinline]] void pair_row_sums(T* o, const T* w, Index n, T scale) {
  Index pair = 0;
  for (Index i = 0; i < n; ++i) {
    T acc[K] = {};
    for (Index j = i + 1; j < n; ++j, ++pair) {
      T* oj = o + j * K;
      for (int b = 0; b < K; ++b) {
        const T v = scale * w[pair * K + b];
        acc[b] += v;
        oj[b] += v;
      }
    }
    for (int b = 0; b < K; ++b) o[b + i * K] += acc[b];
  }
}

}  // namespace portable

#if GANTK_SIMD_BITS
namespace registers {

/// The K kernels of one sample as Simd<T> registers: blocks of `width` lanes, the last block
/// partial (masked loads and stores; its spare lanes read as 0) when K is not a multiple.
template <class T, int K>
struct Lanes {
  using S = simd::Simd<T>;
  using V = typename S::V;
  static constexpr int width = S::width;
  static constexpr int blocks = (K + width - 1) / width;
  static constexpr int last = K - (blocks - 1) * width;

  template <int B>
  [[gnu::always_inline]] static V load(const T* p) {
    if constexpr (B == blocks - 1 && last != width) return S::load(p + B * width, last);
    else return S::load(p + B * width);
  }
  template <int B>
  [[gnu::always_inline]] static void store(T* p, V v) {
    if constexpr (B == blocks - 1 && last != width) S::store(p + B * width, v, last);
    else S::store(p + B * width, v);
  }
  [[gnu::always_inline]] static V abs(V x) { return S::max(x, S::sub(S::zero(), x)); }
  /// sign(x)·a, lane by lane (0 where x is 0 or NaN, as portable::sign)
  [[gnu::always_inline]] static V sign_times(V x, V a) {
    const V z = S::zero();
    return S::select_positive(x, a, S::select_positive(S::sub(z, x), S::sub(z, a), z));
  }
  /// f(integral_constant<B>) for every block B
  template <class F>
  [[gnu::always_inline]] static void each_block(F&& f) {
    simd::unroll<blocks>(f);
  }
};

template <int K, int C, class T>
[[gnu::noinline]] void pair_l1_exp(T* c, const T* mt, Index n) {
  using L = Lanes<T, K>;
  constexpr int rows = K * C;
  for_each_pair(n, [&](Index i, Index j, Index pair) GANTK_ALWAYS_INLINE {
    const T *mi = mt + i * rows, *mj = mt + j * rows;
    L::each_block([&](auto b) GANTK_ALWAYS_INLINE {
      typename L::V d = L::S::zero();
      for (int k = 0; k < C; ++k)
        d = L::S::add(d, L::abs(L::S::sub(L::template load<b>(mi + k * K), L::template load<b>(mj + k * K))));
      L::template store<b>(c + pair * K, L::S::sub(L::S::zero(), d));
    });
  });
}

/// ṡ(i, j) of kernel block B (see portable::pair_sdot)
template <int K, int C, int B, class T>
[[gnu::always_inline]] inline typename Lanes<T, K>::V pair_sdot(const T* mt, const T* mdt, Index i, Index j) {
  using L = Lanes<T, K>;
  constexpr int rows = K * C;
  const T *mi = mt + i * rows, *mj = mt + j * rows, *di = mdt + i * rows, *dj = mdt + j * rows;
  typename L::V s = L::S::zero();
  for (int k = 0; k < C; ++k) {
    const auto dm = L::S::sub(L::template load<B>(mi + k * K), L::template load<B>(mj + k * K));
    const auto dd = L::S::sub(L::template load<B>(di + k * K), L::template load<B>(dj + k * K));
    s = L::S::add(s, L::sign_times(dm, dd));
  }
  return s;
}

template <int K, int C, class T>
[[gnu::noinline]] void pair_tangent_sums(T* o, const T* c, const T* mt, const T* mdt, Index n) {
  using L = Lanes<T, K>;
  for_each_pair(n, [&](Index i, Index j, Index pair) GANTK_ALWAYS_INLINE {
    L::each_block([&](auto b) GANTK_ALWAYS_INLINE {
      const auto v = L::S::mul(L::template load<b>(c + pair * K), pair_sdot<K, C, b>(mt, mdt, i, j));
      T *oi = o + i * K, *oj = o + j * K;
      L::template store<b>(oi, L::S::sub(L::template load<b>(oi), v));
      L::template store<b>(oj, L::S::sub(L::template load<b>(oj), v));
    });
  });
}

template <int K, int C, bool HasAlpha, bool HasBeta, class T>
[[gnu::noinline]] Index pair_scatter(T* st, const T* c, const T* mt, const T* mdt, const T* alpha, const T* beta,
                                     Index n) {
  using L = Lanes<T, K>;
  using V = typename L::V;
  constexpr int rows = K * C;
  for (Index e = 0; e < rows * n; ++e) st[e] = T(0);
  Index scattered = 0;
  for_each_pair(n, [&](Index i, Index j, Index pair) GANTK_ALWAYS_INLINE {
    V a[L::blocks];
    bool any = false;
    L::each_block([&](auto b) GANTK_ALWAYS_INLINE {
      V w = L::S::zero();
      if constexpr (HasAlpha)
        w = L::S::add(L::template load<b>(alpha + i * K), L::template load<b>(alpha + j * K));
      if constexpr (HasBeta) {
        const V betas = L::S::add(L::template load<b>(beta + i * K), L::template load<b>(beta + j * K));
        w = L::S::sub(w, L::S::mul(betas, pair_sdot<K, C, b>(mt, mdt, i, j)));
      }
      a[b] = L::S::mul(w, L::template load<b>(c + pair * K));
      any |= L::S::any_nonzero(a[b]);
    });
    if (!any) return;
    ++scattered;
    const T *mi = mt + i * rows, *mj = mt + j * rows;
    T *oi = st + i * rows, *oj = st + j * rows;
    for (int k = 0; k < C; ++k)
      L::each_block([&](auto b) GANTK_ALWAYS_INLINE {
        const V g = L::sign_times(L::S::sub(L::template load<b>(mi + k * K), L::template load<b>(mj + k * K)), a[b]);
        L::template store<b>(oi + k * K, L::S::sub(L::template load<b>(oi + k * K), g));
        L::template store<b>(oj + k * K, L::S::add(L::template load<b>(oj + k * K), g));
      });
  });
  return scattered;
}

template <int K, class T>
[[gnu::noinline]] void pair_row_sums(T* o, const T* w, Index n, T scale) {
  using L = Lanes<T, K>;
  const auto s = L::S::set1(scale);
  Index pair = 0;
  for (Index i = 0; i < n; ++i) {
    typename L::V acc[L::blocks];
    L::each_block([&](auto b) GANTK_ALWAYS_INLINE { acc[b] = L::S::zero(); });
    for (Index j = i + 1; j < n; ++j, ++pair) {
      T* oj = o + j * K;
      L::each_block([&](auto b) GANTK_ALWAYS_INLINE {
        const auto v = L::S::mul(s, L::template load<b>(w + pair * K));
        acc[b] = L::S::add(acc[b], v);
        L::template store<b>(oj, L::S::add(L::template load<b>(oj), v));
      });
    }
    L::each_block([&](auto b) GANTK_ALWAYS_INLINE {
      L::template store<b>(o + i * K, L::S::add(L::template load<b>(o + i * K), acc[b]));
    });
  }
}

}  // namespace registers
using registers::pair_l1_exp;
using registers::pair_row_sums;
using registers::pair_scatter;
using registers::pair_tangent_sums;
#else
using portable::pair_l1_exp;
using portable::pair_row_sums;
using portable::pair_scatter;
using portable::pair_tangent_sums;
#endif

}  // namespace gantk::detail::cpu
