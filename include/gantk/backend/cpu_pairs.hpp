// The CPU backend's pair kernels for minibatch discrimination (layers/minibatch_disc_features.hpp):
// O(n²) loops over the pairs i < j of a batch, in the order (0,1), (0,2), …, (1,2), ….
//
// M arrives dimension-major (row k·Kernels + b holds coordinate k of kernel b), so the inner loops
// run over the kernels, contiguous, and vectorise. Kernels and KernelDim are compile-time so that
// the per-pair arrays live in registers. The kernels are kept out of line: inlined into a layer's
// pass, GCC 12 compiled pair_scatter 3-4 times slower (measured, 256 samples, 16 kernels × 4).
#pragma once

#include <cmath>

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

/// For every pair, with a_b = weight(b, i, j, ṡ) c_b(i, j) and g_r = a_b(r) σ_r: st(r, i) −= g_r,
/// st(r, j) += g_r (st dimension-major, zeroed first); ṡ is formed only when Sdot. Returns the
/// pairs whose weights were not all zero. (Gathering sample i's share in registers, as
/// pair_row_sums does, measured slower here: 64 accumulators spill.)
template <int K, int C, bool Sdot, class T, class Weight>
[[gnu::noinline]] Index pair_scatter(T* st, const T* c, const T* mt, const T* mdt, Index n, Weight weight) {
  constexpr int rows = K * C;
  for (Index e = 0; e < rows * n; ++e) st[e] = T(0);
  Index scattered = 0;
  for_each_pair(n, [&](Index i, Index j, Index pair) {
    T sd[K] = {};
    if constexpr (Sdot) pair_sdot<K, C>(mt, mdt, i, j, sd);
    const T* cij = c + pair * K;
    T a[K];
    for (int b = 0; b < K; ++b) a[b] = weight(b, i, j, sd) * cij[b];
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

}  // namespace gantk::detail::cpu
