// A thin layer over the x86 vector registers the CPU backend's own kernels use.
//
// GANTK_SIMD_BITS is 512 when the compiler targets AVX-512F, 256 for AVX2 + FMA, and 0 otherwise
// (a portable build: the backend then uses Eigen's kernels everywhere). Define GANTK_NO_SIMD
// to force 0, e.g. to compare against the Eigen path.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#if !defined(GANTK_NO_SIMD) && defined(__AVX512F__)
#define GANTK_SIMD_BITS 512
#elif !defined(GANTK_NO_SIMD) && defined(__AVX2__) && defined(__FMA__)
#define GANTK_SIMD_BITS 256
#else
#define GANTK_SIMD_BITS 0
#endif

#if GANTK_SIMD_BITS
#include <immintrin.h>
#endif

// Lambdas inside the kernels carry this so that register tiles never go through memory
// (GCC otherwise out-lines some of them in large translation units).
#define GANTK_ALWAYS_INLINE __attribute__((always_inline))

namespace gantk::simd {

/// f(integral_constant<0>), ..., f(integral_constant<N-1>): a loop the compiler must unroll, so
/// that register tiles indexed by it stay in registers.
template <class F, int... I>
[[gnu::always_inline]] inline void unroll_impl(F& f, std::integer_sequence<int, I...>) {
  (f(std::integral_constant<int, I>{}), ...);
}
template <int N, class F>
[[gnu::always_inline]] inline void unroll(F&& f) {
  unroll_impl(f, std::make_integer_sequence<int, N>{});
}

/// Simd<T>: V (one register of T), width, and the operations the kernels need. Partial loads
/// and stores touch only the first n < width lanes (the rest read as 0).
template <class T>
struct Simd;

#if GANTK_SIMD_BITS == 256

namespace detail {
inline __m256i lane_mask(int n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
inline __m256i lane_mask64(int n) {
  return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_setr_epi64x(0, 1, 2, 3));
}
}  // namespace detail

template <>
struct Simd<float> {
  using V = __m256;
  static constexpr int width = 8;
  static constexpr int registers = 16;
  static V zero() { return _mm256_setzero_ps(); }
  static V set1(float x) { return _mm256_set1_ps(x); }
  static V broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static V load(const float* p, int n) { return _mm256_maskload_ps(p, detail::lane_mask(n)); }
  static void store(float* p, V v, int n) { _mm256_maskstore_ps(p, detail::lane_mask(n), v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V div(V a, V b) { return _mm256_div_ps(a, b); }
  static V sqrt(V a) { return _mm256_sqrt_ps(a); }
  static V max(V a, V b) { return _mm256_max_ps(a, b); }
  /// a where c > 0, else b
  static V select_positive(V c, V a, V b) { return _mm256_blendv_ps(b, a, _mm256_cmp_ps(c, zero(), _CMP_GT_OQ)); }
  static bool any_nonzero(V v) { return _mm256_movemask_ps(_mm256_cmp_ps(v, zero(), _CMP_NEQ_UQ)) != 0; }
  static float sum(V v) {
    const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(t, _mm_movehdup_ps(t)));
  }
};

template <>
struct Simd<double> {
  using V = __m256d;
  static constexpr int width = 4;
  static constexpr int registers = 16;
  static V zero() { return _mm256_setzero_pd(); }
  static V set1(double x) { return _mm256_set1_pd(x); }
  static V broadcast(const double* p) { return _mm256_broadcast_sd(p); }
  static V load(const double* p) { return _mm256_loadu_pd(p); }
  static void store(double* p, V v) { _mm256_storeu_pd(p, v); }
  static V load(const double* p, int n) { return _mm256_maskload_pd(p, detail::lane_mask64(n)); }
  static void store(double* p, V v, int n) { _mm256_maskstore_pd(p, detail::lane_mask64(n), v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  static V sub(V a, V b) { return _mm256_sub_pd(a, b); }
  static V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  static V div(V a, V b) { return _mm256_div_pd(a, b); }
  static V sqrt(V a) { return _mm256_sqrt_pd(a); }
  static V max(V a, V b) { return _mm256_max_pd(a, b); }
  static V select_positive(V c, V a, V b) { return _mm256_blendv_pd(b, a, _mm256_cmp_pd(c, zero(), _CMP_GT_OQ)); }
  static bool any_nonzero(V v) { return _mm256_movemask_pd(_mm256_cmp_pd(v, zero(), _CMP_NEQ_UQ)) != 0; }
  static double sum(V v) {
    const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
  }
};

#elif GANTK_SIMD_BITS == 512

template <>
struct Simd<float> {
  using V = __m512;
  static constexpr int width = 16;
  static constexpr int registers = 32;
  static __mmask16 mask(int n) { return static_cast<__mmask16>((1u << n) - 1u); }
  static V zero() { return _mm512_setzero_ps(); }
  static V set1(float x) { return _mm512_set1_ps(x); }
  static V broadcast(const float* p) { return _mm512_set1_ps(*p); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static V load(const float* p, int n) { return _mm512_maskz_loadu_ps(mask(n), p); }
  static void store(float* p, V v, int n) { _mm512_mask_storeu_ps(p, mask(n), v); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V div(V a, V b) { return _mm512_div_ps(a, b); }
  // masked forms of sqrt and max: the plain ones start from _mm512_undefined_ps(), which GCC 12
  // flags as maybe-uninitialized once inlined (a false positive; fatal under -Werror)
  static V sqrt(V a) { return _mm512_mask_sqrt_ps(a, static_cast<__mmask16>(0xFFFF), a); }
  static V max(V a, V b) { return _mm512_mask_max_ps(a, static_cast<__mmask16>(0xFFFF), a, b); }
  static V select_positive(V c, V a, V b) {
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(c, zero(), _CMP_GT_OQ), b, a);
  }
  static bool any_nonzero(V v) { return _mm512_cmp_ps_mask(v, zero(), _CMP_NEQ_UQ) != 0; }
  static float sum(V v) {
    alignas(64) float t[16];
    _mm512_store_ps(t, v);
    float s = 0;
    for (float x : t) s += x;
    return s;
  }
};

template <>
struct Simd<double> {
  using V = __m512d;
  static constexpr int width = 8;
  static constexpr int registers = 32;
  static __mmask8 mask(int n) { return static_cast<__mmask8>((1u << n) - 1u); }
  static V zero() { return _mm512_setzero_pd(); }
  static V set1(double x) { return _mm512_set1_pd(x); }
  static V broadcast(const double* p) { return _mm512_set1_pd(*p); }
  static V load(const double* p) { return _mm512_loadu_pd(p); }
  static void store(double* p, V v) { _mm512_storeu_pd(p, v); }
  static V load(const double* p, int n) { return _mm512_maskz_loadu_pd(mask(n), p); }
  static void store(double* p, V v, int n) { _mm512_mask_storeu_pd(p, mask(n), v); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static V sub(V a, V b) { return _mm512_sub_pd(a, b); }
  static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static V div(V a, V b) { return _mm512_div_pd(a, b); }
  static V sqrt(V a) { return _mm512_mask_sqrt_pd(a, static_cast<__mmask8>(0xFF), a); }
  static V max(V a, V b) { return _mm512_mask_max_pd(a, static_cast<__mmask8>(0xFF), a, b); }
  static V select_positive(V c, V a, V b) {
    return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(c, zero(), _CMP_GT_OQ), b, a);
  }
  static bool any_nonzero(V v) { return _mm512_cmp_pd_mask(v, zero(), _CMP_NEQ_UQ) != 0; }
  static double sum(V v) {
    alignas(64) double t[8];
    _mm512_store_pd(t, v);
    double s = 0;
    for (double x : t) s += x;
    return s;
  }
};

#endif

}  // namespace gantk::simd
