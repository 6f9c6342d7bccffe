// gantk::Cpu — the CPU backend: Eigen matrices (features × batch, column-major) and the
// handful of operations layers, losses and strategies are written against.
//
// Layers never touch Eigen expressions directly; they call these operations (the BackendOps
// concept, backend_ops.hpp, lists the ones they may use). A CUDA backend provides the same names
// over device memory, so layers do not change when it is added. Views are Eigen maps (strategies
// and metrics may use them as such); their Shape is flat (features × batch): image layers know
// (C, H, W) from their template parameters.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <type_traits>

#include <gantk/backend/backend_ops.hpp>
#include <gantk/backend/conv_geometry.hpp>
#include <gantk/backend/cpu_gemm.hpp>
#include <gantk/backend/cpu_optim.hpp>
#include <gantk/backend/cpu_pairs.hpp>
#include <gantk/backend/flop_counter.hpp>
#include <gantk/backend/resample_geometry.hpp>
#include <gantk/backend/shape.hpp>
#include <gantk/foundation/config.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/foundation/rng.hpp>

#if GANTK_HAS_OPENMP
#include <omp.h>
#endif

namespace gantk {

namespace detail {
/// Elementwise loops below this many elements stay on one thread: on small GAN layers the
/// cost of waking a team exceeds the work (measured in benchmarks/bench_layers.cpp).
inline constexpr Index parallel_elementwise_threshold = Index(1) << 17;
}  // namespace detail

/// The CPU backend bound to one scalar type (float for training, double for gradient checks).
template <class T>
struct CpuBackend {
  using Scalar = T;
  using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  using View = Eigen::Map<Matrix>;
  using CView = Eigen::Map<const Matrix>;

  static View view(Matrix& m) { return View(m.data(), m.rows(), m.cols()); }
  static CView cview(const Matrix& m) { return CView(m.data(), m.rows(), m.cols()); }
  static View view(T* p, Index r, Index c) { return View(p, r, c); }
  static CView cview(const T* p, Index r, Index c) { return CView(p, r, c); }
  /// A view that stands for "absent" (an identically zero operand, or an output not wanted).
  static View none() { return View(nullptr, 0, 0); }
  static CView cnone() { return CView(nullptr, 0, 0); }
  static bool present(const CView& v) { return v.data() != nullptr; }
  static bool present(const View& v) { return v.data() != nullptr; }
  static View view(Vector& m) { return View(m.data(), m.rows(), 1); }
  static CView cview(const Vector& m) { return CView(m.data(), m.rows(), 1); }
  /// The read-only view of a view (a plain conversion would copy into a temporary matrix).
  static CView cview(const View& v) { return CView(v.data(), v.rows(), v.cols()); }
  static View view(T* p, Shape s) { return View(p, s.features(), s.n); }
  static CView cview(const T* p, Shape s) { return CView(p, s.features(), s.n); }
  static Shape shape(const CView& v) { return Shape::flat(v.rows(), v.cols()); }
  static Shape shape(const View& v) { return Shape::flat(v.rows(), v.cols()); }
  /// Columns [first, first + count) (samples of a batch: contiguous in column-major storage).
  static View columns(View v, Index first, Index count) { return View(v.data() + first * v.rows(), v.rows(), count); }
  static CView columns(CView v, Index first, Index count) { return CView(v.data() + first * v.rows(), v.rows(), count); }

  /// Host memory: a dataset writes into the GAN's batch directly; upload/download are copies.
  static constexpr bool host_memory = true;
  static void upload(View out, const T* host) { std::copy_n(host, out.size(), out.data()); }
  static void download(T* host, CView in) { std::copy_n(in.data(), in.size(), host); }

  /// C = alpha · op(A) · op(B) + beta · C. beta must be 0 or 1.
  static void gemm(T alpha, CView a, Op op_a, CView b, Op op_b, T beta, View c) {
    const Index m = c.rows(), n = c.cols();
    const Index k = op_a == Op::N ? a.cols() : a.rows();
    eigen_assert((op_a == Op::N ? a.rows() : a.cols()) == m);
    eigen_assert((op_b == Op::N ? b.rows() : b.cols()) == k);
    eigen_assert((op_b == Op::N ? b.cols() : b.rows()) == n);
    eigen_assert(beta == T(0) || beta == T(1));
    detail::gemm(m, n, k, alpha, a.data(), a.rows(), op_a, b.data(), b.rows(), op_b, beta != T(0), c.data(), c.rows());
  }

  /// y = w·x + bias (bias added to every column): a Dense layer's forward pass in one sweep.
  static void affine(CView w, CView x, const T* bias, View y) {
#if GANTK_SIMD_BITS
    detail::gemm_ep(y.rows(), y.cols(), w.cols(), T(1), w.data(), w.rows(), Op::N, x.data(), x.rows(), Op::N, false,
                    detail::kern::BiasActivation<T, void>{y.data(), y.rows(), bias, nullptr});
#else
    gemm(T(1), w, Op::N, x, Op::N, T(0), y);
    add_bias(y, bias);
#endif
  }

  static void affine(CView w, CView x, CView bias, View y) { affine(w, x, bias.data(), y); }

  /// pre = w·x + bias, y = Fn::f(pre): Dense followed by an activation, fused (Fn is an
  /// activation function struct, see layers/activations.hpp).
  template <class Fn>
  static void affine_activation(CView w, CView x, const T* bias, View pre, View y) {
#if GANTK_SIMD_BITS
    detail::gemm_ep(pre.rows(), pre.cols(), w.cols(), T(1), w.data(), w.rows(), Op::N, x.data(), x.rows(), Op::N, false,
                    detail::kern::BiasActivation<T, Fn>{pre.data(), pre.rows(), bias, y.data()});
#else
    affine(w, x, bias, pre);
    map(y, [](T v) { return Fn::f(v); }, pre);
#endif
  }

  template <class Fn>
  static void affine_activation(CView w, CView x, CView bias, View pre, View y) {
    affine_activation<Fn>(w, x, bias.data(), pre, y);
  }

  /// out = Fn::d1(x, y) ⊙ (alpha · op(a)·op(b)), where y = Fn::f(x): a product followed by the
  /// backward pass of the activation whose input and output are x and y (same shape as out).
  template <class Fn>
  static void gemm_activation_grad(T alpha, CView a, Op op_a, CView b, Op op_b, CView x, CView y, View out) {
    const Index k = op_a == Op::N ? a.cols() : a.rows();
#if GANTK_SIMD_BITS
    detail::gemm_ep(out.rows(), out.cols(), k, alpha, a.data(), a.rows(), op_a, b.data(), b.rows(), op_b, false,
                    detail::kern::ActivationGrad<T, Fn>{out.data(), out.rows(), x.data(), y.data()});
#else
    (void)k;
    gemm(alpha, a, op_a, b, op_b, T(0), out);
    map(out, [](T xv, T yv, T g) { return Fn::d1(xv, yv) * g; }, x, y, cview(out.data(), out.rows(), out.cols()));
#endif
  }

  /// y(:, j) += bias for every column j.
  static void add_bias(View y, const T* bias) {
    const Eigen::Map<const Vector> b(bias, y.rows());
    y.colwise() += b;
  }

  static void add_bias(View y, CView bias) { add_bias(y, bias.data()); }

  /// out[i] += scale · Σ_j x(i, j).
  static void add_row_sums(T* out, CView x, T scale = T(1)) {
    Eigen::Map<Vector> o(out, x.rows());
    o.noalias() += scale * x.rowwise().sum();
  }
  static void add_row_sums(View out, CView x, T scale = T(1)) { add_row_sums(out.data(), x, scale); }

  /// out[i] = mean over j of x(i, j).
  static void row_means(T* out, CView x) {
    Eigen::Map<Vector> o(out, x.rows());
    o.noalias() = x.rowwise().mean();
  }
  static void row_means(View out, CView x) { row_means(out.data(), x); }

  /// out[i] = Σ_j a(i, j) · b(i, j).
  static void row_dots(T* out, CView a, CView b) {
    Eigen::Map<Vector> o(out, a.rows());
    o.noalias() = a.cwiseProduct(b).rowwise().sum();
  }
  static void row_dots(View out, CView a, CView b) { row_dots(out.data(), a, b); }

  /// Σ_j x(row, j).
  static T sum_row(CView x, Index row) { return x.row(row).sum(); }

  /// Σ over elements of f(ins...) (every operand of the same shape).
  template <class F, class In0, class... In>
  static T map_sum(F f, const In0& in0, const In&... ins) {
    T total = 0;
    const Index n = in0.size();
    for (Index i = 0; i < n; ++i) total += f(in0.data()[i], ins.data()[i]...);
    return total;
  }

  /// uᵀ w v (no temporaries: it runs inside training steps).
  static T bilinear(CView u, CView w, CView v) {
    const Index rows = w.rows(), cols = w.cols();
    T total = 0;
    for (Index j = 0; j < cols; ++j) {
      T col = 0;
      for (Index i = 0; i < rows; ++i) col += u.data()[i] * w.data()[j * rows + i];
      total += col * v.data()[j];
    }
    return total;
  }

  /// out(i, j) = f(ins...(i, j)), where an operand of one column is broadcast over the batch
  /// (a per-feature vector such as BatchNorm's γ or its batch mean).
  template <class F, class... In>
  static void map_broadcast(View out, F f, const In&... ins) {
    const Index rows = out.rows(), cols = out.cols();
    for (Index j = 0; j < cols; ++j)
      map_column(out.data() + j * rows, rows, f, ins.data() + (ins.cols() == 1 ? 0 : j * rows)...);
  }

  /// o[i] = f(p[i]...) over one column (the operands' column pointers chosen by the caller).
  template <class F, class... P>
  static void map_column(T* o, Index rows, F f, const P*... p) {
    for (Index i = 0; i < rows; ++i) o[i] = f(p[i]...);
  }

  /// Rows [out_row, out_row + rows) of out = rows [in_row, ...) of in (concatenation along features).
  static void copy_rows(View out, Index out_row, CView in, Index in_row, Index rows) {
    out.middleRows(out_row, rows) = in.middleRows(in_row, rows);
  }
  /// Rows [out_row, out_row + rows) of out += rows [in_row, ...) of in.
  static void add_rows(View out, Index out_row, CView in, Index in_row, Index rows) {
    out.middleRows(out_row, rows) += in.middleRows(in_row, rows);
  }
  static void fill_rows(View out, Index row, Index rows, T value) { out.middleRows(row, rows).setConstant(value); }
  /// Rows [out_row, out_row + rows) of out += rows [in_row, ...) of in, column j scaled by
  /// scale(scale_row, j) (a per-sample weight such as one entry of a one-hot code).
  static void add_rows_scaled(View out, Index out_row, CView in, Index in_row, Index rows, CView scale,
                              Index scale_row) {
    out.middleRows(out_row, rows) += in.middleRows(in_row, rows) * scale.row(scale_row).asDiagonal();
  }

  /// Random draws from the stream rng (a counter-based Philox: the same values on any backend).
  static void fill_uniform(View out, Rng& rng, T lo, T hi) { rng.fill_uniform(out.data(), out.size(), lo, hi); }
  static void fill_normal(View out, Rng& rng, T mean, T stddev) { rng.fill_normal(out.data(), out.size(), mean, stddev); }

  // ---- convolutions (ConvGeometry: the im2col layout) ----
  /// cols = the receptive fields of the images x (g.c·g.h·g.w × N), zero in the padding. One
  /// output position at a time, so that each column of cols is written contiguously; a kernel
  /// row is a run of contiguous input values between (possibly empty) runs of padding.
  static void im2col(View cols, CView x, const ConvGeometry& g) {
    eigen_assert(cols.rows() == g.patch() && cols.cols() == g.positions() * x.cols() && x.rows() == g.c * g.h * g.w);
    with_kernel_size(g, [&](auto k) {
      kernel_rows(g, k, x.cols(), [&](Index i, Index col, Index row, Index at, Index lo, Index hi) {
        T* dst = cols.data() + (i * g.positions() + col) * g.patch() + row;
        const T* src = x.data() + i * x.rows();
        for (Index kx = 0; kx < Index(k); ++kx) dst[kx] = kx >= lo && kx < hi ? src[at + kx] : T(0);
      });
    });
  }
  /// x += the receptive fields cols put back where im2col took them (the adjoint of im2col).
  static void col2im_add(View x, CView cols, const ConvGeometry& g) {
    eigen_assert(cols.rows() == g.patch() && cols.cols() == g.positions() * x.cols() && x.rows() == g.c * g.h * g.w);
    with_kernel_size(g, [&](auto k) {
      kernel_rows(g, k, x.cols(), [&](Index i, Index col, Index row, Index at, Index lo, Index hi) {
        const T* src = cols.data() + (i * g.positions() + col) * g.patch() + row;
        T* dst = x.data() + i * x.rows();
        for (Index kx = lo; kx < hi; ++kx) dst[at + kx] += src[kx];
      });
    });
  }
  /// f(k) with the kernel size as a compile-time constant for the common sizes (the loops over a
  /// kernel row then unroll at -O2 as at -O3), as an Index otherwise.
  template <class F>
  static void with_kernel_size(const ConvGeometry& g, F&& f) {
    switch (g.k) {
      case 3: return f(std::integral_constant<Index, 3>{});
      case 4: return f(std::integral_constant<Index, 4>{});
      case 5: return f(std::integral_constant<Index, 5>{});
      default: return f(g.k);
    }
  }
  /// f(image, output position, first row of a kernel row in the receptive field, input offset of
  /// its tap kx = 0, and the taps [lo, hi) that fall inside the image (lo = hi: all padding)).
  template <class K, class F>
  static void kernel_rows(const ConvGeometry& g, K k, Index n, F&& f) {
    const Index oh = g.out_h(), ow = g.out_w();
    for (Index i = 0; i < n; ++i)
      for (Index oy = 0; oy < oh; ++oy)
        for (Index ox = 0; ox < ow; ++ox) {
          const Index col = oy * ow + ox, ix0 = ox * g.stride - g.pad;
          const Index lo = std::max<Index>(0, -ix0), hi = std::max(lo, std::min<Index>(k, g.w - ix0));
          Index row = 0;
          for (Index ch = 0; ch < g.c; ++ch)
            for (Index ky = 0; ky < Index(k); ++ky, row += k) {
              const Index iy = oy * g.stride + ky - g.pad;
              const bool inside = iy >= 0 && iy < g.h;
              f(i, col, row, (ch * g.h + iy) * g.w + ix0, inside ? lo : 0, inside ? hi : 0);
            }
        }
  }

  // ---- fixed resamplings (ResampleGeometry): pooling and up-sampling, per channel plane ----
  /// y = A x, one channel plane of one image at a time, its output written in order.
  static void resample(View y, CView x, const ResampleGeometry& g) {
    eigen_assert(x.rows() == g.in_size() && y.rows() == g.out_size() && y.cols() == x.cols());
    const Index f = g.factor, h = g.h, w = g.w, oh = g.out_h(), ow = g.out_w();
    for_each_plane(g, x.cols(), [&](Index i, Index ch) {
      const T* xp = x.data() + i * x.rows() + ch * h * w;
      T* yp = y.data() + i * y.rows() + ch * oh * ow;
      switch (g.kind) {
        case ResampleKind::AvgPool: {
          const T scale = T(1) / T(f * f);
          for (Index oy = 0; oy < oh; ++oy)
            for (Index ox = 0; ox < ow; ++ox) {
              const T* window = xp + oy * f * w + ox * f;  // the window's top-left pixel
              T s = T(0);
              for (Index ky = 0; ky < f; ++ky)
                for (Index kx = 0; kx < f; ++kx) s += window[ky * w + kx];
              yp[oy * ow + ox] = s * scale;
            }
          break;
        }
        case ResampleKind::Nearest:  // one output row per input row, then its copies below it
          for (Index iy = 0; iy < h; ++iy) {
            T* yr = yp + iy * f * ow;
            for (Index ix = 0; ix < w; ++ix) std::fill_n(yr + ix * f, f, xp[iy * w + ix]);
            for (Index r = 1; r < f; ++r) std::copy_n(yr, ow, yr + r * ow);
          }
          break;
        case ResampleKind::Bilinear:
          for (Index oy = 0; oy < oh; ++oy) {
            const LinearTaps<T> ty = g.linear_taps<T>(oy, h);
            const T *r0 = xp + ty.i0 * w, *r1 = xp + ty.i1 * w;
            T* yr = yp + oy * ow;
            for (Index ox = 0; ox < ow; ++ox) {
              const LinearTaps<T> tx = g.linear_taps<T>(ox, w);
              yr[ox] = ty.l0 * (tx.l0 * r0[tx.i0] + tx.l1 * r0[tx.i1]) + ty.l1 * (tx.l0 * r1[tx.i0] + tx.l1 * r1[tx.i1]);
            }
          }
          break;
      }
    });
  }
  /// dx += Aᵀ dy: each output pixel's value sent back to its taps, with their weights.
  static void resample_adjoint_add(View dx, CView dy, const ResampleGeometry& g) {
    eigen_assert(dx.rows() == g.in_size() && dy.rows() == g.out_size() && dy.cols() == dx.cols());
    const Index f = g.factor, h = g.h, w = g.w, oh = g.out_h(), ow = g.out_w();
    for_each_plane(g, dx.cols(), [&](Index i, Index ch) {
      T* dxp = dx.data() + i * dx.rows() + ch * h * w;
      const T* dyp = dy.data() + i * dy.rows() + ch * oh * ow;
      switch (g.kind) {
        case ResampleKind::AvgPool: {
          const T scale = T(1) / T(f * f);
          for (Index oy = 0; oy < oh; ++oy)
            for (Index ky = 0; ky < f; ++ky) {
              T* dr = dxp + (oy * f + ky) * w;
              for (Index ox = 0; ox < ow; ++ox) {
                const T v = scale * dyp[oy * ow + ox];
                for (Index kx = 0; kx < f; ++kx) dr[ox * f + kx] += v;
              }
            }
          break;
        }
        case ResampleKind::Nearest:  // each input pixel gathers its f × f block
          for (Index iy = 0; iy < h; ++iy)
            for (Index r = 0; r < f; ++r) {
              const T* dr = dyp + (iy * f + r) * ow;
              for (Index ix = 0; ix < w; ++ix) {
                T s = T(0);
                for (Index q = 0; q < f; ++q) s += dr[ix * f + q];
                dxp[iy * w + ix] += s;
              }
            }
          break;
        case ResampleKind::Bilinear:
          for (Index oy = 0; oy < oh; ++oy) {
            const LinearTaps<T> ty = g.linear_taps<T>(oy, h);
            T *d0 = dxp + ty.i0 * w, *d1 = dxp + ty.i1 * w;
            const T* dr = dyp + oy * ow;
            for (Index ox = 0; ox < ow; ++ox) {
              const LinearTaps<T> tx = g.linear_taps<T>(ox, w);
              const T v0 = ty.l0 * dr[ox], v1 = ty.l1 * dr[ox];
              d0[tx.i0] += tx.l0 * v0;
              d0[tx.i1] += tx.l1 * v0;
              d1[tx.i0] += tx.l0 * v1;
              d1[tx.i1] += tx.l1 * v1;
            }
          }
          break;
      }
    });
  }
  /// f(image, channel) for every channel plane of n images.
  template <class F>
  static void for_each_plane(const ResampleGeometry& g, Index n, F&& f) {
    for (Index i = 0; i < n; ++i)
      for (Index ch = 0; ch < g.c; ++ch) f(i, ch);
  }

  /// out(c, n·P + p) = x(c·P + p, n): each channel of every image as one row (C × P·N).
  static void channels_to_rows(View out, CView x, Index channels, Index pixels) {
    eigen_assert(x.rows() == channels * pixels && out.rows() == channels && out.cols() == pixels * x.cols());
    for (Index n = 0; n < x.cols(); ++n)
      for (Index c = 0; c < channels; ++c) {
        const T* from = x.data() + n * x.rows() + c * pixels;
        for (Index q = 0; q < pixels; ++q) out.data()[c + (n * pixels + q) * channels] = from[q];
      }
  }
  /// The inverse of channels_to_rows: x(c·P + p, n) = in(c, n·P + p).
  static void rows_to_channels(View x, CView in, Index channels, Index pixels) {
    eigen_assert(x.rows() == channels * pixels && in.rows() == channels && in.cols() == pixels * x.cols());
    for (Index n = 0; n < x.cols(); ++n)
      for (Index c = 0; c < channels; ++c) {
        T* to = x.data() + n * x.rows() + c * pixels;
        for (Index q = 0; q < pixels; ++q) to[q] = in.data()[c + (n * pixels + q) * channels];
      }
  }

  // ---- minibatch discrimination's pair kernels (M dimension-major: row k·K + b) ----
  /// Each column of in holds a P × Q column-major block; out's column receives its transpose.
  template <int P, int Q>
  static void transpose_blocks(View out, CView in) {
    for (Index i = 0; i < in.cols(); ++i) {
      const T* s = in.data() + i * P * Q;
      T* d = out.data() + i * P * Q;
      for (int q = 0; q < Q; ++q)
        for (int p = 0; p < P; ++p) d[q + Q * p] = s[p + P * q];
    }
  }
  /// c(b, pair) = exp(−‖M_b(i) − M_b(j)‖₁) for the pairs i < j in order.
  template <int K, int C>
  static void pair_l1_exp(View c, CView mt) {
    detail::cpu::pair_l1_exp<K, C>(c.data(), mt.data(), mt.cols());
    c.array() = c.array().exp();
  }
  /// o(b, i) += scale · Σ_{j≠i} w(b, pair(i, j)).
  template <int K>
  static void pair_row_sums(View o, CView w, T scale) {
    detail::cpu::pair_row_sums<K>(o.data(), w.data(), o.cols(), scale);
  }
  /// o(b, i) −= Σ_{j≠i} c_b(i, j) ṡ_b(i, j), ṡ from M and Ṁ (both dimension-major).
  template <int K, int C>
  static void pair_tangent_sums(View o, CView c, CView mt, CView mdt) {
    detail::cpu::pair_tangent_sums<K, C>(o.data(), c.data(), mt.data(), mdt.data(), mt.cols());
  }
  /// st = Σ over pairs of ∓ a_b σ (see detail::cpu::pair_scatter); alpha, beta may be none.
  template <int K, int C>
  static void pair_scatter(View st, CView c, CView mt, CView mdt, CView alpha, CView beta) {
    const Index n = mt.cols();
    const bool a = present(alpha), b = present(beta);
    const T *cp = c.data(), *mp = mt.data(), *dp = mdt.data(), *ap = alpha.data(), *bp = beta.data();
    T* sp = st.data();
    // a_b = (α_b(i) + α_b(j) − (β_b(i) + β_b(j)) ṡ_b(i, j)) c_b(i, j), each case its own kernel
    namespace k = detail::cpu;
    const Index scattered = a && b ? k::pair_scatter<K, C, true, true>(sp, cp, mp, dp, ap, bp, n)
                            : a    ? k::pair_scatter<K, C, true, false>(sp, cp, mp, dp, ap, bp, n)
                            : b    ? k::pair_scatter<K, C, false, true>(sp, cp, mp, dp, ap, bp, n)
                                   : k::pair_scatter<K, C, false, false>(sp, cp, mp, dp, ap, bp, n);
    const double weight_flops = (a ? 1.0 : 0.0) + (b ? 2.0 : 0.0) + (a && b ? 1.0 : 0.0);
    const double pairs = static_cast<double>(n) * static_cast<double>(n - 1) / 2;
    detail::count_flops(pairs * ((b ? 4.0 * K * C : 0.0) + (weight_flops + 1.0) * K) +
                        static_cast<double>(scattered) * 4.0 * K * C);  // σ·a: Δ, product, two updates
  }

  /// SGD over a flat parameter vector; velocity is none without momentum (see optim/optimizers.hpp).
  static void sgd_step(View theta, CView g, View velocity, T lr, T keep, T mu, bool nesterov) {
    detail::cpu::sgd(theta.size(), theta.data(), g.data(), present(velocity) ? velocity.data() : nullptr, lr, keep, mu,
                     nesterov);
  }
  /// Adam with the bias corrections folded into step_size and inv_sqrt_c2.
  static void adam_step(View theta, CView g, View m, View v, T b1, T b2, T step_size, T inv_sqrt_c2, T eps) {
    detail::cpu::adam(theta.size(), theta.data(), g.data(), m.data(), v.data(), b1, b2, step_size, inv_sqrt_c2, eps);
  }
  static void rmsprop_step(View theta, CView g, View s, T lr, T alpha, T eps) {
    detail::cpu::rmsprop(theta.size(), theta.data(), g.data(), s.data(), lr, alpha, eps);
  }

  /// out = f(ins...) elementwise; every operand has out's shape.
  template <class F, class... In>
  static void map(View out, F f, const In&... ins) {
    T* o = out.data();
    chunks(out.size(), [&](Index lo, Index hi) {
      for (Index i = lo; i < hi; ++i) o[i] = f(ins.data()[i]...);
    });
  }

  /// run(lo, hi) over [0, n), split across OpenMP threads above parallel_elementwise_threshold.
  template <class Run>
  static void chunks(Index n, Run&& run) {
#if GANTK_HAS_OPENMP
    if (n >= detail::parallel_elementwise_threshold && omp_get_max_threads() > 1 && !omp_in_parallel()) {
#pragma omp parallel
      {
        const Index nt = omp_get_num_threads(), t = omp_get_thread_num();
        run(n * t / nt, n * (t + 1) / nt);
      }
      return;
    }
#endif
    run(0, n);
  }

  /// y = Fn::f(x) elementwise, vectorised where Fn has a vector form (vf).
  template <class Fn>
  static void activation(View y, CView x) {
#if GANTK_SIMD_BITS
    if constexpr (detail::kern::VectorActivation<Fn, simd::Simd<T>>) {
      using S = simd::Simd<T>;
      chunks(y.size(), [&](Index lo, Index hi) {
        const T* xp = x.data() + lo;
        T* yp = y.data() + lo;
        const Index n = hi - lo, full = n - n % S::width;
        for (Index i = 0; i < full; i += S::width) S::store(yp + i, Fn::template vf<S>(S::load(xp + i)));
        for (Index i = full; i < n; ++i) yp[i] = Fn::f(xp[i]);
      });
      return;
    }
#endif
    map(y, [](T v) { return Fn::f(v); }, x);
  }

  /// dx = Fn::d1(x, y) ⊙ dy elementwise (the backward pass of an activation, and its tangent),
  /// vectorised where Fn has a vector form (vd1_mul): the scalar form branches on the sign of x,
  /// which compilers leave as a mispredicted branch per element.
  template <class Fn>
  static void activation_grad(View dx, CView x, CView y, CView dy) {
#if GANTK_SIMD_BITS
    if constexpr (detail::kern::VectorActivationGrad<Fn, simd::Simd<T>>) {
      using S = simd::Simd<T>;
      chunks(dx.size(), [&](Index lo, Index hi) {
        const T *xp = x.data() + lo, *yp = y.data() + lo, *gp = dy.data() + lo;
        T* op = dx.data() + lo;
        const Index n = hi - lo, full = n - n % S::width;
        for (Index i = 0; i < full; i += S::width)
          S::store(op + i, Fn::template vd1_mul<S>(S::load(xp + i), S::load(yp + i), S::load(gp + i)));
        for (Index i = full; i < n; ++i) op[i] = Fn::d1(xp[i], yp[i]) * gp[i];
      });
      return;
    }
#endif
    map(dx, [](T a, T b, T g) { return Fn::d1(a, b) * g; }, x, y, dy);
  }

  /// out(i, j) = f(i, ins(i, j)...): an elementwise map that also sees the row (feature) index,
  /// for per-feature parameters such as BatchNorm's γ.
  template <class F, class... In>
  static void map_rows(View out, F f, const In&... ins) {
    const Index rows = out.rows(), cols = out.cols();
    for (Index j = 0; j < cols; ++j)
      for (Index i = 0; i < rows; ++i) out(i, j) = f(i, ins(i, j)...);
  }

  using IndexMatrix = Eigen::Matrix<int, Eigen::Dynamic, Eigen::Dynamic>;

  /// y(i, j) = max over k < pieces of z(i·pieces + k, j); arg records the winning k.
  static void group_max(View y, IndexMatrix& arg, CView z, int pieces) {
    for (Index j = 0; j < y.cols(); ++j)
      for (Index i = 0; i < y.rows(); ++i) {
        int best = 0;
        T v = z(i * pieces, j);
        for (int k = 1; k < pieces; ++k)
          if (z(i * pieces + k, j) > v) v = z(i * pieces + k, j), best = k;
        y(i, j) = v;
        arg(i, j) = best;
      }
  }

  /// The adjoint of group_max: zb(i·pieces + arg(i, j), j) = yb(i, j), every other entry 0.
  static void group_scatter(View zb, const IndexMatrix& arg, CView yb, int pieces) {
    zb.setZero();
    for (Index j = 0; j < yb.cols(); ++j)
      for (Index i = 0; i < yb.rows(); ++i) zb(i * pieces + arg(i, j), j) = yb(i, j);
  }

  /// y(i, j) = z(i·pieces + arg(i, j), j): the selection of group_max applied to another matrix.
  static void group_select(View y, const IndexMatrix& arg, CView z, int pieces) {
    for (Index j = 0; j < y.cols(); ++j)
      for (Index i = 0; i < y.rows(); ++i) y(i, j) = z(i * pieces + arg(i, j), j);
  }

  static void fill(View out, T value) { out.setConstant(value); }
  static void copy(View out, CView in) { out = in; }
  /// y += alpha · x.
  static void axpy(T alpha, CView x, View y) { y.noalias() += alpha * x; }
  static T dot(CView a, CView b) { return a.cwiseProduct(b).sum(); }
  static T sum(CView a) { return a.sum(); }
  static bool all_finite(CView a) { return a.allFinite(); }
};

static_assert(BackendOps<CpuBackend<float>> && BackendOps<CpuBackend<double>>);

/// Backend policy tag: `gantk::GAN<..., gantk::Backend<gantk::Cpu>>` (the default).
struct Cpu {
  template <class T>
  using bind = CpuBackend<T>;
};

}  // namespace gantk
