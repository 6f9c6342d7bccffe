// The activation layers: ReLU, LeakyReLU, Tanh, Sigmoid, Identity.
//
// Besides f, d1, d2, a function struct may give vector forms for the backend's fused kernels,
// written against a SIMD traits class S (gantk/backend/simd.hpp): vf<S>(x) = f(x) and
// vd1_mul<S>(x, y, g) = d1(x, y)·g. Without them the fused kernels apply f and d1 per element.
#pragma once

#include <cmath>

#include <gantk/layers/elementwise.hpp>

namespace gantk {

namespace fn {

struct Relu {
  static constexpr bool piecewise_linear = true;
  template <class T>
  GANTK_HD static T f(T x) { return x > T(0) ? x : T(0); }
  template <class T>
  GANTK_HD static T d1(T x, T) { return x > T(0) ? T(1) : T(0); }
  template <class T>
  GANTK_HD static T d2(T, T) { return T(0); }
  template <class S>
  static typename S::V vf(typename S::V x) { return S::max(x, S::zero()); }
  template <class S>
  static typename S::V vd1_mul(typename S::V x, typename S::V, typename S::V g) {
    return S::select_positive(x, g, S::zero());
  }
};

template <int Num, int Den>
struct LeakyRelu {
  static constexpr bool piecewise_linear = true;
  template <class T>
  GANTK_HD static T slope() { return static_cast<T>(Num) / static_cast<T>(Den); }
  template <class T>
  GANTK_HD static T f(T x) { return x > T(0) ? x : slope<T>() * x; }
  template <class T>
  GANTK_HD static T d1(T x, T) { return x > T(0) ? T(1) : slope<T>(); }
  template <class T>
  GANTK_HD static T d2(T, T) { return T(0); }
  template <class S>
  static typename S::V vf(typename S::V x) {
    using T = decltype(S::sum(x));
    return S::select_positive(x, x, S::mul(S::set1(slope<T>()), x));
  }
  template <class S>
  static typename S::V vd1_mul(typename S::V x, typename S::V, typename S::V g) {
    using T = decltype(S::sum(x));
    return S::select_positive(x, g, S::mul(S::set1(slope<T>()), g));
  }
};

struct Tanh {
  static constexpr bool piecewise_linear = false;
  template <class T>
  GANTK_HD static T f(T x) { return std::tanh(x); }
  template <class T>
  GANTK_HD static T d1(T, T y) { return T(1) - y * y; }
  template <class T>
  GANTK_HD static T d2(T, T y) { return T(-2) * y * (T(1) - y * y); }
  template <class S>
  static typename S::V vd1_mul(typename S::V, typename S::V y, typename S::V g) {
    return S::mul(S::sub(S::set1(1), S::mul(y, y)), g);
  }
};

struct Sigmoid {
  static constexpr bool piecewise_linear = false;
  template <class T>
  GANTK_HD static T f(T x) {
    // stable for large |x|: never exponentiates a positive number
    if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
    const T e = std::exp(x);
    return e / (T(1) + e);
  }
  template <class T>
  GANTK_HD static T d1(T, T y) { return y * (T(1) - y); }
  template <class T>
  GANTK_HD static T d2(T, T y) { return y * (T(1) - y) * (T(1) - T(2) * y); }
  template <class S>
  static typename S::V vd1_mul(typename S::V, typename S::V y, typename S::V g) {
    return S::mul(S::mul(y, S::sub(S::set1(1), y)), g);
  }
};

struct Identity {
  static constexpr bool piecewise_linear = true;
  template <class T>
  GANTK_HD static T f(T x) { return x; }
  template <class T>
  GANTK_HD static T d1(T, T) { return T(1); }
  template <class T>
  GANTK_HD static T d2(T, T) { return T(0); }
  template <class S>
  static typename S::V vf(typename S::V x) { return x; }
  template <class S>
  static typename S::V vd1_mul(typename S::V, typename S::V, typename S::V g) { return g; }
};

}  // namespace fn

/// max(0, x).
struct ReLU : Elementwise<fn::Relu> {};
/// x for x > 0, slope·x otherwise, slope = Num/Den (default 0.2, as in DCGAN's discriminator).
template <int Num = 1, int Den = 5>
struct LeakyReLU : Elementwise<fn::LeakyRelu<Num, Den>> {
  static_assert(Den > 0 && Num >= 0 && Num < Den, "LeakyReLU<Num, Den>: the slope Num/Den must lie in [0, 1)");
};
/// tanh(x); a common output layer for generators of data scaled to [-1, 1].
struct Tanh : Elementwise<fn::Tanh> {};
/// 1 / (1 + e^{-x}).
struct Sigmoid : Elementwise<fn::Sigmoid> {};
/// y = x (a placeholder where an activation is expected but none wanted).
struct Identity : Elementwise<fn::Identity> {};

}  // namespace gantk
