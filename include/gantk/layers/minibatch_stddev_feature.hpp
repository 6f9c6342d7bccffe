// MinibatchStdDevFeature: the minibatch standard-deviation feature (Karras et al. 2018, "Progressive
// Growing of GANs", §3).
//
// One extra feature, the same for every sample of the batch: the mean over features of the
// batch's standard deviation. Real batches are varied; a collapsing generator's are not, and
// the discriminator sees the difference directly. No parameters.
#pragma once

#include <cmath>

#include <gantk/layers/layer.hpp>

namespace gantk {

/// The bound layer: y = [x; s·1ᵀ], s = (1/In) Σ_f √(var_f + ε), var_f the (biased) variance of
/// feature f over the batch. Statistics come from the batch passed in, in Train and Eval mode
/// (there is nothing to learn or keep). Karras et al. compute them over groups of 4 samples;
/// here the group is the whole batch.
template <class B, int In>
struct MinibatchStdDevLayer {
  using Backend = B;
  using T = typename B::Scalar;
  using CView = typename B::CView;
  using View = typename B::View;
  using Matrix = typename B::Matrix;
  using Vector = typename B::Vector;
  static constexpr int in_width = In;
  static constexpr int out_width = In + 1;
  static constexpr Index param_count = 0;
  static constexpr Index state_count = 0;

  T epsilon = T(1e-8);

  struct Cache {
    Matrix xc;                      // x minus its batch mean, per feature
    Vector inv_sd = Vector(In);     // 1/sd_f
    Vector a = Vector(In);          // ⟨xc_f, ẋ_f⟩ (tangent backward)
    Vector mean_xd = Vector(In);    // batch mean of ẋ_f
    void resize(Index n) { xc.resize(In, n); }
  };

  void init(T*, T*, Rng&) const {}

  void forward(const T*, T*, CView x, View y, Cache& c, const Pass&) const {
    const T nn = T(x.cols()), eps = epsilon;
    const View mean = B::view(c.mean_xd), sd = B::view(c.a), inv = B::view(c.inv_sd);  // a, mean_xd: scratch here
    B::row_means(mean, x);
    B::map_broadcast(B::view(c.xc), [](T v, T m) { return v - m; }, x, B::cview(mean));
    B::row_dots(inv, B::cview(c.xc), B::cview(c.xc));
    B::map(sd, [nn, eps](T ss) { return std::sqrt(ss / nn + eps); }, B::cview(inv));
    B::map(inv, [](T d) { return T(1) / d; }, B::cview(sd));
    const T s = B::sum(B::cview(sd));
    B::copy_rows(y, 0, x, 0, In);
    B::fill_rows(y, In, 1, s / T(In));
  }

  // ∂s/∂x_f(i) = xc_f(i) / (In · n · sd_f)
  void backward(const T*, CView, CView, CView dy, View dx, T*, Cache& c) const {
    if (!B::present(dx)) return;
    B::copy_rows(dx, 0, dy, 0, In);
    add_ds_dx(c, dx, B::sum_row(dy, In));
  }

  // ṡ = Σ_f ⟨xc_f, ẋ_f⟩ / (In · n · sd_f)
  void tangent_forward(const T*, const T*, CView, CView, CView xd, View yd, Cache& c) const {
    if (!B::present(xd)) {
      B::fill(yd, T(0));
      return;
    }
    const Index n = xd.cols();
    B::row_dots(B::view(c.a), B::cview(c.xc), xd);
    const T sd = B::dot(B::cview(c.a), B::cview(c.inv_sd));
    B::copy_rows(yd, 0, xd, 0, In);
    B::fill_rows(yd, In, 1, sd / (T(In) * T(n)));
  }

  // ẋ̄ = ẏ̄_x + Ṡ̄ ∂s/∂x;  x̄ = ȳ_x + S̄ ∂s/∂x + Ṡ̄ ∂ₓṡ with
  // ∂ṡ/∂x_f(i) = [(ẋ_f(i) − mean ẋ_f)/sd_f − a_f xc_f(i)/(n sd_f³)] / (In · n)
  bool tangent_backward(const T*, const T*, CView, CView, CView xd, CView yb, CView ydb, View xb, View xdb, T*,
                        Cache& c) const {
    const T sdot_bar = B::sum_row(ydb, In);
    if (B::present(xdb)) {
      B::copy_rows(xdb, 0, ydb, 0, In);
      add_ds_dx(c, xdb, sdot_bar);
    }
    const bool has_yb = B::present(yb), has_xd = B::present(xd);
    if (!has_yb && !has_xd) return false;
    if (has_yb) {
      B::copy_rows(xb, 0, yb, 0, In);
      add_ds_dx(c, xb, B::sum_row(yb, In));
    } else {
      B::fill(xb, T(0));
    }
    if (has_xd) {
      const T nn = T(xd.cols());
      B::row_means(B::view(c.mean_xd), xd);
      B::row_dots(B::view(c.a), B::cview(c.xc), xd);
      const T k = sdot_bar / (T(In) * nn);
      B::map_broadcast(
          xb,
          [k, nn](T cur, T xdv, T xcv, T inv, T m, T a) {
            return cur + k * ((xdv - m) * inv - a * xcv * inv * inv * inv / nn);
          },
          B::cview(xb), xd, B::cview(c.xc), B::cview(c.inv_sd), B::cview(c.mean_xd), B::cview(c.a));
    }
    return true;
  }

 private:
  // out += sbar · ∂s/∂x (out holds the pass-through rows already)
  static void add_ds_dx(const Cache& c, View out, T sbar) {
    const T k = sbar / (T(In) * T(out.cols()));
    B::map_broadcast(out, [k](T cur, T xc, T inv) { return cur + k * xc * inv; }, B::cview(out), B::cview(c.xc),
                     B::cview(c.inv_sd));
  }
};

/// Minibatch standard-deviation layer spec (Karras et al. 2018): appends one feature, the mean
/// over features of the batch's standard deviation. Output width: In + 1.
struct MinibatchStdDevFeature {
  template <class B, int In>
  using bind = MinibatchStdDevLayer<B, In>;
};

}  // namespace gantk
