// The CPU backend's optimizer updates: one vectorised pass over θ, g and the moments (AVX2 /
// AVX-512 where the target has them, scalar otherwise). Called through CpuBackend's sgd_step,
// adam_step and rmsprop_step (optim/optimizers.hpp computes the step's scalars).
#pragma once

#include <cmath>

#include <gantk/backend/simd.hpp>
#include <gantk/foundation/config.hpp>

namespace gantk::detail::cpu {

/// v ← keep·v + g (skipped when v is null: no momentum); θ ← θ − lr·(nesterov ? g + μv : v or g).
template <class T>
void sgd(Index n, T* theta, const T* grad, T* v, T lr, T keep, T mu, bool nesterov) {
  if (!v) {
    for (Index i = 0; i < n; ++i) theta[i] -= lr * grad[i];
    return;
  }
  for (Index i = 0; i < n; ++i) {
    v[i] = keep * v[i] + grad[i];
    theta[i] -= lr * (nesterov ? grad[i] + mu * v[i] : v[i]);
  }
}

// Not inlined: inlined into a caller that owns a tiny array (n < one SIMD register), GCC 12
// warns that the vector loop, never entered there, would read past it (-Warray-bounds).
/// m ← b1·m + (1−b1)·g, v ← b2·v + (1−b2)·g², θ ← θ − step·m/(√v·inv_sqrt_c2 + ε).
template <class T>
[[gnu::noinline]] void adam(Index n, T* theta, const T* grad, T* m, T* v, T b1, T b2, T step_size, T inv_sqrt_c2,
                            T eps) {
  Index i = 0;
#if GANTK_SIMD_BITS
  // std::sqrt may set errno, which keeps compilers from vectorising the scalar loop below
  using S = simd::Simd<T>;
  const auto vb1 = S::set1(b1), vc1 = S::set1(T(1) - b1), vb2 = S::set1(b2), vc2 = S::set1(T(1) - b2);
  const auto vstep = S::set1(step_size), vinv = S::set1(inv_sqrt_c2), veps = S::set1(eps);
  for (; i + S::width <= n; i += S::width) {
    const auto g = S::load(grad + i);
    const auto mi = S::fma(vb1, S::load(m + i), S::mul(vc1, g));
    const auto vi = S::fma(vb2, S::load(v + i), S::mul(S::mul(vc2, g), g));
    S::store(m + i, mi);
    S::store(v + i, vi);
    const auto denom = S::fma(S::sqrt(vi), vinv, veps);
    S::store(theta + i, S::sub(S::load(theta + i), S::div(S::mul(vstep, mi), denom)));
  }
#endif
  for (; i < n; ++i) {
    const T g = grad[i];
    m[i] = b1 * m[i] + (T(1) - b1) * g;
    v[i] = b2 * v[i] + (T(1) - b2) * g * g;
    theta[i] -= step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_c2 + eps);
  }
}

/// s ← α·s + (1−α)·g², θ ← θ − lr·g/(√s + ε).
template <class T>
[[gnu::noinline]] void rmsprop(Index n, T* theta, const T* grad, T* s, T lr, T a, T eps) {
  Index i = 0;
#if GANTK_SIMD_BITS
  using S = simd::Simd<T>;
  const auto va = S::set1(a), vc = S::set1(T(1) - a), vlr = S::set1(lr), veps = S::set1(eps);
  for (; i + S::width <= n; i += S::width) {
    const auto g = S::load(grad + i);
    const auto si = S::fma(va, S::load(s + i), S::mul(S::mul(vc, g), g));
    S::store(s + i, si);
    S::store(theta + i, S::sub(S::load(theta + i), S::div(S::mul(vlr, g), S::add(S::sqrt(si), veps))));
  }
#endif
  for (; i < n; ++i) {
    const T g = grad[i];
    s[i] = a * s[i] + (T(1) - a) * g * g;
    theta[i] -= lr * g / (std::sqrt(s[i]) + eps);
  }
}

}  // namespace gantk::detail::cpu
