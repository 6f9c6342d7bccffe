// gantk::ReferenceBackend<T>: a second backend, plain loops over its own storage, that keeps the
// backend seam honest (the tests run every layer, loss, optimizer and network on it, in double
// precision, beside the CPU backend).
//
// It is strict on purpose: its tensors are std::vector-backed, its views are a pointer and a Shape
// with no element access, no Eigen, no row or block expressions. A layer that reaches past the
// backend operations (an Eigen expression, .row(), .topRows(), operator()) does not compile
// against it, and every operation checks the shapes it is given. Fused operations are computed
// unfused, as the straightforward mathematics. Not included by <gantk/gantk.hpp>.
#pragma once

#include <cmath>
#include <utility>
#include <vector>

#include <gantk/backend/backend_ops.hpp>
#include <gantk/backend/conv_geometry.hpp>
#include <gantk/backend/op.hpp>
#include <gantk/backend/resample_geometry.hpp>
#include <gantk/backend/shape.hpp>
#include <gantk/foundation/config.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/foundation/rng.hpp>

namespace gantk {

namespace detail::ref {

/// A view: where the values are, and their shape. Deliberately nothing else.
template <class T>
class View {
 public:
  View() = default;
  View(T* p, Shape s) : p_(p), shape_(s) {}
  T* data() const { return p_; }
  const Shape& shape() const { return shape_; }
  Index rows() const { return shape_.features(); }
  Index cols() const { return shape_.n; }
  Index size() const { return shape_.size(); }

 private:
  T* p_ = nullptr;
  Shape shape_{};
};

/// A tensor the backend owns: features × batch, column-major (Shape explains the image case).
template <class T>
class Tensor {
 public:
  using Scalar = T;
  Tensor() = default;
  explicit Tensor(Index rows, Index cols = 1) { resize(rows, cols); }
  void resize(Index rows, Index cols = 1) { resize(Shape::flat(rows, cols)); }
  void resize(Shape s) {
    shape_ = s;
    values_.resize(static_cast<std::size_t>(s.size()));
  }
  T* data() { return values_.empty() ? nullptr : values_.data(); }
  const T* data() const { return values_.empty() ? nullptr : values_.data(); }
  const Shape& shape() const { return shape_; }
  Index rows() const { return shape_.features(); }
  Index cols() const { return shape_.n; }
  Index size() const { return shape_.size(); }

 private:
  std::vector<T> values_;
  Shape shape_{};
};

inline void require(bool ok, const char* what) { GANTK_CHECK(ok, "ReferenceBackend: ", what); }

}  // namespace detail::ref

/// The reference backend bound to one scalar type (double in the tests).
template <class T>
struct ReferenceBackend {
  using Scalar = T;
  using Matrix = detail::ref::Tensor<T>;
  using Vector = detail::ref::Tensor<T>;
  using IndexMatrix = detail::ref::Tensor<int>;
  using View = detail::ref::View<T>;
  using CView = detail::ref::View<const T>;

  // ---- views ----
  static View view(Matrix& m) { return View(m.data(), m.shape()); }
  static CView cview(const Matrix& m) { return CView(m.data(), m.shape()); }
  static View view(T* p, Index r, Index c) { return View(p, Shape::flat(r, c)); }
  static CView cview(const T* p, Index r, Index c) { return CView(p, Shape::flat(r, c)); }
  static View view(T* p, Shape s) { return View(p, s); }
  static CView cview(const T* p, Shape s) { return CView(p, s); }
  static CView cview(const View& v) { return CView(v.data(), v.shape()); }
  static View none() { return View(); }
  static CView cnone() { return CView(); }
  static bool present(const CView& v) { return v.data() != nullptr; }
  static bool present(const View& v) { return v.data() != nullptr; }
  static Shape shape(const CView& v) { return v.shape(); }
  static Shape shape(const View& v) { return v.shape(); }
  static View columns(View v, Index first, Index count) { return View(column_start(v, first, count), column_shape(v, count)); }
  static CView columns(CView v, Index first, Index count) {
    return CView(column_start(v, first, count), column_shape(v, count));
  }

  /// Declared not host-readable, although it is: the GAN then takes the path a device backend
  /// takes (datasets fill a host batch that is uploaded), and the tests run that path.
  static constexpr bool host_memory = false;
  static void upload(View out, const T* host) {
    for (Index i = 0; i < out.size(); ++i) out.data()[i] = host[i];
  }
  static void download(T* host, CView in) {
    for (Index i = 0; i < in.size(); ++i) host[i] = in.data()[i];
  }

  // ---- products ----
  /// C = alpha · op(A) · op(B) + beta · C (beta 0 or 1), as three loops.
  static void gemm(T alpha, CView a, Op op_a, CView b, Op op_b, T beta, View c) {
    const Index m = c.rows(), n = c.cols();
    const Index k = op_a == Op::N ? a.cols() : a.rows();
    need((op_a == Op::N ? a.rows() : a.cols()) == m, "gemm: rows of op(A) differ from C's");
    need((op_b == Op::N ? b.rows() : b.cols()) == k, "gemm: inner dimensions differ");
    need((op_b == Op::N ? b.cols() : b.rows()) == n, "gemm: columns of op(B) differ from C's");
    need(beta == T(0) || beta == T(1), "gemm: beta must be 0 or 1");
    const auto at = [](CView x, Op op, Index i, Index j) {
      return op == Op::N ? x.data()[i + j * x.rows()] : x.data()[j + i * x.rows()];
    };
    for (Index j = 0; j < n; ++j)
      for (Index i = 0; i < m; ++i) {
        T s = 0;
        for (Index p = 0; p < k; ++p) s += at(a, op_a, i, p) * at(b, op_b, p, j);
        T& out = c.data()[i + j * m];
        out = alpha * s + (beta == T(0) ? T(0) : out);
      }
  }
  static void add_bias(View y, CView bias) {
    need(bias.size() == y.rows(), "add_bias: one bias per row");
    for (Index j = 0; j < y.cols(); ++j)
      for (Index i = 0; i < y.rows(); ++i) y.data()[i + j * y.rows()] += bias.data()[i];
  }
  static void affine(CView w, CView x, CView bias, View y) {
    gemm(T(1), w, Op::N, x, Op::N, T(0), y);
    add_bias(y, bias);
  }
  template <class Fn>
  static void affine_activation(CView w, CView x, CView bias, View pre, View y) {
    affine(w, x, bias, pre);
    activation<Fn>(y, cview(pre));
  }
  template <class Fn>
  static void gemm_activation_grad(T alpha, CView a, Op op_a, CView b, Op op_b, CView x, CView y, View out) {
    gemm(alpha, a, op_a, b, op_b, T(0), out);
    activation_grad<Fn>(out, x, y, cview(out));
  }

  // ---- elementwise ----
  template <class F, class... In>
  static void map(View out, F f, const In&... ins) {
    (need(ins.shape() == out.shape(), "map: every operand must have the output's shape"), ...);
    for (Index i = 0; i < out.size(); ++i) out.data()[i] = f(ins.data()[i]...);
  }
  template <class F, class... In>
  static void map_broadcast(View out, F f, const In&... ins) {
    (need(ins.shape() == out.shape() || (ins.rows() == out.rows() && ins.cols() == 1),
          "map_broadcast: an operand is neither the output's shape nor one column of its rows"),
     ...);
    const Index rows = out.rows();
    for (Index j = 0; j < out.cols(); ++j)
      for (Index i = 0; i < rows; ++i) out.data()[i + j * rows] = f(ins.data()[i + (ins.cols() == 1 ? 0 : j * rows)]...);
  }
  template <class Fn>
  static void activation(View y, CView x) {
    map(y, [](T v) { return Fn::f(v); }, x);
  }
  template <class Fn>
  static void activation_grad(View dx, CView x, CView y, CView dy) {
    map(dx, [](T a, T b, T g) { return Fn::d1(a, b) * g; }, x, y, dy);
  }
  static void fill(View out, T value) {
    for (Index i = 0; i < out.size(); ++i) out.data()[i] = value;
  }
  static void copy(View out, CView in) {
    map(out, [](T v) { return v; }, in);
  }
  static void copy_rows(View out, Index out_row, CView in, Index in_row, Index rows) {
    rows_op(out, out_row, in, in_row, rows, [](T&, T v) { return v; });
  }
  static void add_rows(View out, Index out_row, CView in, Index in_row, Index rows) {
    rows_op(out, out_row, in, in_row, rows, [](T& o, T v) { return o + v; });
  }
  static void add_rows_scaled(View out, Index out_row, CView in, Index in_row, Index rows, CView scale,
                              Index scale_row) {
    need(scale.cols() == out.cols() && scale_row >= 0 && scale_row < scale.rows(),
         "add_rows_scaled: the scale row is out of range or its batch size differs");
    for (Index j = 0; j < out.cols(); ++j) {
      const T w = scale.data()[scale_row + j * scale.rows()];
      rows_op(columns(out, j, 1), out_row, columns(in, j, 1), in_row, rows, [w](T& o, T v) { return o + w * v; });
    }
  }
  static void fill_rows(View out, Index row, Index rows, T value) {
    need(row >= 0 && row + rows <= out.rows(), "fill_rows: rows out of range");
    for (Index j = 0; j < out.cols(); ++j)
      for (Index r = 0; r < rows; ++r) out.data()[row + r + j * out.rows()] = value;
  }
  static void axpy(T alpha, CView x, View y) {
    need(x.shape() == y.shape(), "axpy: shapes differ");
    for (Index i = 0; i < y.size(); ++i) y.data()[i] += alpha * x.data()[i];
  }

  // ---- groups (maxout) ----
  static void group_max(View y, IndexMatrix& arg, CView z, int pieces) {
    need(z.rows() == y.rows() * pieces && z.cols() == y.cols(), "group_max: z must have pieces rows per output");
    arg.resize(y.rows(), y.cols());
    for (Index j = 0; j < y.cols(); ++j)
      for (Index i = 0; i < y.rows(); ++i) {
        int best = 0;
        for (int k = 1; k < pieces; ++k)
          if (z.data()[i * pieces + k + j * z.rows()] > z.data()[i * pieces + best + j * z.rows()]) best = k;
        y.data()[i + j * y.rows()] = z.data()[i * pieces + best + j * z.rows()];
        arg.data()[i + j * y.rows()] = best;
      }
  }
  static void group_scatter(View zb, const IndexMatrix& arg, CView yb, int pieces) {
    need(zb.rows() == yb.rows() * pieces && arg.rows() == yb.rows() && arg.cols() == yb.cols(), "group_scatter: shapes");
    fill(zb, T(0));
    for (Index j = 0; j < yb.cols(); ++j)
      for (Index i = 0; i < yb.rows(); ++i)
        zb.data()[i * pieces + arg.data()[i + j * yb.rows()] + j * zb.rows()] = yb.data()[i + j * yb.rows()];
  }
  static void group_select(View y, const IndexMatrix& arg, CView z, int pieces) {
    need(z.rows() == y.rows() * pieces && arg.rows() == y.rows() && arg.cols() == y.cols(), "group_select: shapes");
    for (Index j = 0; j < y.cols(); ++j)
      for (Index i = 0; i < y.rows(); ++i)
        y.data()[i + j * y.rows()] = z.data()[i * pieces + arg.data()[i + j * y.rows()] + j * z.rows()];
  }

  // ---- reductions ----
  static void add_row_sums(View out, CView x, T scale = T(1)) {
    need(out.size() == x.rows(), "add_row_sums: one output per row");
    for (Index i = 0; i < x.rows(); ++i) {
      T s = 0;
      for (Index j = 0; j < x.cols(); ++j) s += x.data()[i + j * x.rows()];
      out.data()[i] += scale * s;
    }
  }
  static void row_means(View out, CView x) {
    fill(out, T(0));
    add_row_sums(out, x, T(1) / static_cast<T>(x.cols()));
  }
  static void row_dots(View out, CView a, CView b) {
    need(a.shape() == b.shape() && out.size() == a.rows(), "row_dots: shapes");
    for (Index i = 0; i < a.rows(); ++i) {
      T s = 0;
      for (Index j = 0; j < a.cols(); ++j) s += a.data()[i + j * a.rows()] * b.data()[i + j * a.rows()];
      out.data()[i] = s;
    }
  }
  static T sum(CView a) { return map_sum([](T v) { return v; }, a); }
  static T sum_row(CView x, Index row) {
    need(row >= 0 && row < x.rows(), "sum_row: row out of range");
    T s = 0;
    for (Index j = 0; j < x.cols(); ++j) s += x.data()[row + j * x.rows()];
    return s;
  }
  static T dot(CView a, CView b) { return map_sum([](T u, T v) { return u * v; }, a, b); }
  template <class F, class In0, class... In>
  static T map_sum(F f, const In0& in0, const In&... ins) {
    (need(ins.shape() == in0.shape(), "map_sum: every operand must have the same shape"), ...);
    T total = 0;
    for (Index i = 0; i < in0.size(); ++i) total += f(in0.data()[i], ins.data()[i]...);
    return total;
  }
  static T bilinear(CView u, CView w, CView v) {
    need(u.size() == w.rows() && v.size() == w.cols(), "bilinear: uᵀ w v needs |u| = rows, |v| = columns");
    T total = 0;
    for (Index j = 0; j < w.cols(); ++j)
      for (Index i = 0; i < w.rows(); ++i) total += u.data()[i] * w.data()[i + j * w.rows()] * v.data()[j];
    return total;
  }
  static bool all_finite(CView a) {
    for (Index i = 0; i < a.size(); ++i)
      if (!std::isfinite(a.data()[i])) return false;
    return true;
  }

  // ---- minibatch discrimination's pair kernels, summed over j ≠ i rather than over pairs ----
  template <int P, int Q>
  static void transpose_blocks(View out, CView in) {
    need(in.rows() == P * Q && out.rows() == P * Q && in.cols() == out.cols(), "transpose_blocks: shapes");
    for (Index i = 0; i < in.cols(); ++i)
      for (int p = 0; p < P; ++p)
        for (int q = 0; q < Q; ++q) out.data()[q + Q * p + i * P * Q] = in.data()[p + P * q + i * P * Q];
  }
  template <int K, int C>
  static void pair_l1_exp(View c, CView mt) {
    const Index n = mt.cols();
    need(mt.rows() == K * C && c.rows() == K && c.cols() == n * (n - 1) / 2, "pair_l1_exp: shapes");
    for (Index i = 0; i < n; ++i)
      for (Index j = i + 1; j < n; ++j)
        for (int b = 0; b < K; ++b) {
          T d = 0;
          for (int k = 0; k < C; ++k) d += std::abs(m_at<K>(mt, k, b, i) - m_at<K>(mt, k, b, j));
          c.data()[b + K * pair_index(i, j, n)] = std::exp(-d);
        }
  }
  template <int K>
  static void pair_row_sums(View o, CView w, T scale) {
    const Index n = o.cols();
    need(o.rows() == K && w.rows() == K && w.cols() == n * (n - 1) / 2, "pair_row_sums: shapes");
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < n; ++j)
        if (j != i)
          for (Index b = 0; b < o.rows(); ++b) o.data()[b + i * o.rows()] += scale * w.data()[b + o.rows() * pair_index(i, j, n)];
  }
  template <int K, int C>
  static void pair_tangent_sums(View o, CView c, CView mt, CView mdt) {
    const Index n = mt.cols();
    need(o.rows() == K && o.cols() == n && mdt.shape() == mt.shape(), "pair_tangent_sums: shapes");
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < n; ++j)
        if (j != i)
          for (int b = 0; b < K; ++b)
            o.data()[b + i * K] -= c.data()[b + K * pair_index(i, j, n)] * sdot<K, C>(mt, mdt, b, i, j);
  }
  template <int K, int C>
  static void pair_scatter(View st, CView c, CView mt, CView mdt, CView alpha, CView beta) {
    const Index n = mt.cols();
    need(st.shape() == mt.shape() && (!present(alpha) || (alpha.rows() == K && alpha.cols() == n)) &&
             (!present(beta) || (beta.rows() == K && beta.cols() == n && mdt.shape() == mt.shape())),
         "pair_scatter: shapes");
    fill(st, T(0));
    // st(k, b; i) = Σ_{j≠i} a_b(i, j) · (−σ) when i is the pair's first sample, +σ when second,
    // which is −a_b(i, j) sign(M(i) − M(j)) either way (σ is antisymmetric in i, j)
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < n; ++j) {
        if (j == i) continue;
        for (int b = 0; b < K; ++b) {
          T w = 0;
          if (present(alpha)) w += alpha.data()[b + i * K] + alpha.data()[b + j * K];
          if (present(beta)) w -= (beta.data()[b + i * K] + beta.data()[b + j * K]) * sdot<K, C>(mt, mdt, b, i, j);
          const T a = w * c.data()[b + K * pair_index(i, j, n)];
          for (int k = 0; k < C; ++k)
            st.data()[k * K + b + i * K * C] -= a * sign(m_at<K>(mt, k, b, i) - m_at<K>(mt, k, b, j));
        }
      }
  }

  // ---- random draws ----
  static void fill_uniform(View out, Rng& rng, T lo, T hi) { rng.fill_uniform(out.data(), out.size(), lo, hi); }
  static void fill_normal(View out, Rng& rng, T mean, T stddev) { rng.fill_normal(out.data(), out.size(), mean, stddev); }

  // ---- convolutions ----
  static void im2col(View cols, CView x, const ConvGeometry& g) {
    need(x.rows() == g.c * g.h * g.w, "im2col: the images' rows differ from C·H·W");
    need(cols.rows() == g.patch() && cols.cols() == g.positions() * x.cols(), "im2col: cols is not (C·K·K) × (positions·N)");
    for (Index i = 0; i < x.cols(); ++i)
      g.for_each_tap([&](Index row, Index col, Index at) {
        cols.data()[row + (i * g.positions() + col) * cols.rows()] = at >= 0 ? x.data()[at + i * x.rows()] : T(0);
      });
  }
  static void col2im_add(View x, CView cols, const ConvGeometry& g) {
    need(x.rows() == g.c * g.h * g.w, "col2im_add: the images' rows differ from C·H·W");
    need(cols.rows() == g.patch() && cols.cols() == g.positions() * x.cols(),
         "col2im_add: cols is not (C·K·K) × (positions·N)");
    for (Index i = 0; i < x.cols(); ++i)
      g.for_each_tap([&](Index row, Index col, Index at) {
        if (at >= 0) x.data()[at + i * x.rows()] += cols.data()[row + (i * g.positions() + col) * cols.rows()];
      });
  }

  // ---- fixed resamplings: the taps as ResampleGeometry spells them out ----
  static void resample(View y, CView x, const ResampleGeometry& g) {
    need(x.rows() == g.in_size(), "resample: the images' rows differ from C·H·W");
    need(y.rows() == g.out_size() && y.cols() == x.cols(), "resample: y is not (C·out_h·out_w) × N");
    fill(y, T(0));
    for (Index i = 0; i < x.cols(); ++i)
      g.for_each_tap<T>([&](Index out, Index in, T weight) {
        y.data()[out + i * y.rows()] += weight * x.data()[in + i * x.rows()];
      });
  }
  static void resample_adjoint_add(View dx, CView dy, const ResampleGeometry& g) {
    need(dx.rows() == g.in_size(), "resample_adjoint_add: the images' rows differ from C·H·W");
    need(dy.rows() == g.out_size() && dy.cols() == dx.cols(), "resample_adjoint_add: dy is not (C·out_h·out_w) × N");
    for (Index i = 0; i < dx.cols(); ++i)
      g.for_each_tap<T>([&](Index out, Index in, T weight) {
        dx.data()[in + i * dx.rows()] += weight * dy.data()[out + i * dy.rows()];
      });
  }

  static void channels_to_rows(View out, CView x, Index channels, Index pixels) {
    need(x.rows() == channels * pixels && out.rows() == channels && out.cols() == pixels * x.cols(),
         "channels_to_rows: shapes are not (C·P × N) and (C × P·N)");
    for (Index n = 0; n < x.cols(); ++n)
      for (Index c = 0; c < channels; ++c)
        for (Index q = 0; q < pixels; ++q)
          out.data()[c + (n * pixels + q) * channels] = x.data()[c * pixels + q + n * x.rows()];
  }
  static void rows_to_channels(View x, CView in, Index channels, Index pixels) {
    need(x.rows() == channels * pixels && in.rows() == channels && in.cols() == pixels * x.cols(),
         "rows_to_channels: shapes are not (C·P × N) and (C × P·N)");
    for (Index n = 0; n < x.cols(); ++n)
      for (Index c = 0; c < channels; ++c)
        for (Index q = 0; q < pixels; ++q)
          x.data()[c * pixels + q + n * x.rows()] = in.data()[c + (n * pixels + q) * channels];
  }

  // ---- optimizer updates, as written in the papers ----
  static void sgd_step(View theta, CView g, View velocity, T lr, T keep, T mu, bool nesterov) {
    for (Index i = 0; i < theta.size(); ++i) {
      if (!present(velocity)) {
        theta.data()[i] -= lr * g.data()[i];
        continue;
      }
      T& v = velocity.data()[i];
      v = keep * v + g.data()[i];
      theta.data()[i] -= lr * (nesterov ? g.data()[i] + mu * v : v);
    }
  }
  static void adam_step(View theta, CView g, View m, View v, T b1, T b2, T step_size, T inv_sqrt_c2, T eps) {
    for (Index i = 0; i < theta.size(); ++i) {
      const T gi = g.data()[i];
      m.data()[i] = b1 * m.data()[i] + (T(1) - b1) * gi;
      v.data()[i] = b2 * v.data()[i] + (T(1) - b2) * gi * gi;
      theta.data()[i] -= step_size * m.data()[i] / (std::sqrt(v.data()[i]) * inv_sqrt_c2 + eps);
    }
  }
  static void rmsprop_step(View theta, CView g, View s, T lr, T alpha, T eps) {
    for (Index i = 0; i < theta.size(); ++i) {
      const T gi = g.data()[i];
      s.data()[i] = alpha * s.data()[i] + (T(1) - alpha) * gi * gi;
      theta.data()[i] -= lr * gi / (std::sqrt(s.data()[i]) + eps);
    }
  }

 private:
  static void need(bool ok, const char* what) { detail::ref::require(ok, what); }

  // the pairs i < j of n samples in order (0,1), (0,2), …, (1,2), …; symmetric in i and j
  static Index pair_index(Index i, Index j, Index n) {
    if (i > j) std::swap(i, j);
    return i * n - i * (i + 1) / 2 + (j - i - 1);
  }
  static T sign(T v) { return T(v > T(0)) - T(v < T(0)); }
  // coordinate k of kernel b of sample i, in the dimension-major layout
  template <int K>
  static T m_at(CView m, int k, int b, Index i) {
    return m.data()[k * K + b + i * m.rows()];
  }
  // ṡ_b(i, j) = Σ_k sign(M(i) − M(j)) (Ṁ(i) − Ṁ(j)) over kernel b's coordinates
  template <int K, int C>
  static T sdot(CView mt, CView mdt, int b, Index i, Index j) {
    T s = 0;
    for (int k = 0; k < C; ++k) s += sign(m_at<K>(mt, k, b, i) - m_at<K>(mt, k, b, j)) * (m_at<K>(mdt, k, b, i) - m_at<K>(mdt, k, b, j));
    return s;
  }

  template <class V>
  static auto column_start(const V& v, Index first, Index count) {
    need(first >= 0 && count >= 0 && first + count <= v.cols(), "columns: range out of the view's columns");
    return v.data() + first * v.rows();
  }
  template <class V>
  static Shape column_shape(const V& v, Index count) {
    Shape s = v.shape();
    s.n = count;
    return s;
  }
  template <class F>
  static void rows_op(View out, Index out_row, CView in, Index in_row, Index rows, F f) {
    need(out.cols() == in.cols(), "copy_rows/add_rows: batch sizes differ");
    need(out_row >= 0 && out_row + rows <= out.rows() && in_row >= 0 && in_row + rows <= in.rows(),
         "copy_rows/add_rows: rows out of range");
    for (Index j = 0; j < out.cols(); ++j)
      for (Index r = 0; r < rows; ++r) {
        T& o = out.data()[out_row + r + j * out.rows()];
        o = f(o, in.data()[in_row + r + j * in.rows()]);
      }
  }
};

static_assert(BackendOps<ReferenceBackend<double>>);

/// Backend policy tag for the reference backend.
struct Reference {
  template <class T>
  using bind = ReferenceBackend<T>;
};

}  // namespace gantk
