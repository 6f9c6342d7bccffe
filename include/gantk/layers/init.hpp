// Weight initializers: Xavier/Glorot, He/Kaiming (uniform and normal), and N(0, σ).
#pragma once

#include <cmath>

#include <gantk/foundation/config.hpp>
#include <gantk/foundation/rng.hpp>

namespace gantk::init {

/// Glorot & Bengio 2010: U(±√(6 / (fan_in + fan_out))).
struct XavierUniform {
  template <class T>
  static void fill(T* w, Index n, Index fan_in, Index fan_out, Rng& rng) {
    const T a = static_cast<T>(std::sqrt(6.0 / static_cast<double>(fan_in + fan_out)));
    rng.fill_uniform(w, n, -a, a);
  }
};

/// Glorot & Bengio 2010: N(0, 2 / (fan_in + fan_out)).
struct XavierNormal {
  template <class T>
  static void fill(T* w, Index n, Index fan_in, Index fan_out, Rng& rng) {
    rng.fill_normal(w, n, T(0), static_cast<T>(std::sqrt(2.0 / static_cast<double>(fan_in + fan_out))));
  }
};

/// He et al. 2015 for ReLU networks: U(±√(6 / fan_in)).
struct HeUniform {
  template <class T>
  static void fill(T* w, Index n, Index fan_in, Index, Rng& rng) {
    const T a = static_cast<T>(std::sqrt(6.0 / static_cast<double>(fan_in)));
    rng.fill_uniform(w, n, -a, a);
  }
};

/// He et al. 2015 for ReLU networks: N(0, 2 / fan_in).
struct HeNormal {
  template <class T>
  static void fill(T* w, Index n, Index fan_in, Index, Rng& rng) {
    rng.fill_normal(w, n, T(0), static_cast<T>(std::sqrt(2.0 / static_cast<double>(fan_in))));
  }
};

/// N(0, σ²) with σ = Num / Den (DCGAN's 0.02 is Normal<1, 50>).
template <int Num = 1, int Den = 50>
struct Normal {
  static_assert(Num > 0 && Den > 0, "init::Normal<Num, Den>: σ = Num/Den must be positive");
  template <class T>
  static void fill(T* w, Index n, Index, Index, Rng& rng) {
    rng.fill_normal(w, n, T(0), static_cast<T>(static_cast<double>(Num) / Den));
  }
};

}  // namespace gantk::init
