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
    const Index n = x.cols();
    T* mean = c.mean_xd.data();  // scratch until a tangent pass needs it
    B::row_means(mean, x);
    B::map_rows(B::view(c.xc), [mean](Index f, T v) { return v - mean[f]; }, x);
    T* inv = c.inv_sd.data();
    B::row_dots(inv, B::cview(c.xc), B::cview(c.xc));
    T s = 0;
    for (int f = 0; f < In; ++f) {
      const T sd = std::sqrt(inv[f] / T(n) + epsilon);
      s += sd;
      inv[f] = T(1) / sd;
    }
    y.topRows(In) = x;
    y.row(In).setConstant(s / T(In));
  }

  // ∂s/∂x_f(i) = xc_f(i) / (In · n · sd_f)
  void backward(const T*, CView, CView, CView dy, View dx, T*, Cache& c) const {
    if (!B::present(dx)) return;
    add_ds_dx(c, dx, dy.row(In).sum(), dy);
  }

  // ṡ = Σ_f ⟨xc_f, ẋ_f⟩ / (In · n · sd_f)
  void tangent_forward(const T*, const T*, CView, CView, CView xd, View yd, Cache& c) const {
    if (!B::present(xd)) {
      B::fill(yd, T(0));
      return;
    }
    const Index n = xd.cols();
    B::row_dots(c.a.data(), B::cview(c.xc), xd);
    T sd = 0;
    for (int f = 0; f < In; ++f) sd += c.a[f] * c.inv_sd[f];
    yd.topRows(In) = xd;
    yd.row(In).setConstant(sd / (T(In) * T(n)));
  }

  // ẋ̄ = ẏ̄_x + Ṡ̄ ∂s/∂x;  x̄ = ȳ_x + S̄ ∂s/∂x + Ṡ̄ ∂ₓṡ with
  // ∂ṡ/∂x_f(i) = [(ẋ_f(i) − mean ẋ_f)/sd_f − a_f xc_f(i)/(n sd_f³)] / (In · n)
  bool tangent_backward(const T*, const T*, CView, CView, CView xd, CView yb, CView ydb, View xb, View xdb, T*,
                        Cache& c) const {
    const T sdot_bar = ydb.row(In).sum();
    if (B::present(xdb)) add_ds_dx(c, xdb, sdot_bar, ydb);
    const bool has_yb = B::present(yb), has_xd = B::present(xd);
    if (!has_yb && !has_xd) return false;
    if (has_yb) add_ds_dx(c, xb, yb.row(In).sum(), yb);
    else B::fill(xb, T(0));
    if (has_xd) {
      const Index n = xd.cols();
      B::row_means(c.mean_xd.data(), xd);
      B::row_dots(c.a.data(), B::cview(c.xc), xd);
      const T k = sdot_bar / (T(In) * T(n));
      const T* inv = c.inv_sd.data();
      const T* m = c.mean_xd.data();
      const T* a = c.a.data();
      B::map_rows(
          xb,
          [=](Index f, T cur, T xdv, T xcv) {
            return cur + k * ((xdv - m[f]) * inv[f] - a[f] * xcv * inv[f] * inv[f] * inv[f] / T(n));
          },
          B::cview(xb.data(), xb.rows(), xb.cols()), xd, B::cview(c.xc));
    }
    return true;
  }

 private:
  // out = top rows of `pass_through` + sbar · ∂s/∂x
  static void add_ds_dx(const Cache& c, View out, T sbar, CView pass_through) {
    const Index n = out.cols();
    const T k = sbar / (T(In) * T(n));
    const T* inv = c.inv_sd.data();
    for (Index i = 0; i < n; ++i)
      for (int f = 0; f < In; ++f) out(f, i) = pass_through(f, i) + k * c.xc(f, i) * inv[f];
  }
};

/// Minibatch standard-deviation layer spec (Karras et al. 2018): appends one feature, the mean
/// over features of the batch's standard deviation. Output width: In + 1.
struct MinibatchStdDevFeature {
  template <class B, int In>
  using bind = MinibatchStdDevLayer<B, In>;
};

}  // namespace gantk
