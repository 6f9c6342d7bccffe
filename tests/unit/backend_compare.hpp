// The same network on two backends: the CPU backend (float, its fused SIMD kernels) and the
// reference backend (double, plain loops), on the same parameters and inputs. Every pass —
// forward, backward, the tangent and its reverse — must agree within float rounding.
#pragma once

#include <doctest/doctest.h>

#include <gantk/backend/reference.hpp>
#include <gantk/nn/sequential.hpp>

#include "gradcheck.hpp"

namespace gantk::test {

using Rb = ReferenceBackend<double>;
using Cf = CpuBackend<float>;
using Mf = Cf::Matrix;

inline Mf to_float(const Md& m) { return m.cast<float>(); }

/// |a − b| ≤ tol · max(1, max |b|) elementwise.
inline void check_same(const Md& a, const Md& b, double tol, const std::string& what) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  const double scale = std::max(1.0, b.size() ? b.cwiseAbs().maxCoeff() : 0.0);
  const double err = a.size() ? (a - b).cwiseAbs().maxCoeff() / scale : 0.0;
  INFO(what << ": CPU and reference backends differ by " << err << " (relative to " << scale << ")");
  CHECK(err <= tol);
}

/// Runs one pass sequence of Net on backend B from double inputs (cast to B's scalar) and returns
/// every result as double: y, dx, dp, ẏ, x̄, ẋ̄, and the tangent backward's dp.
template <class Net>
struct PassResults {
  using B = typename Net::Backend;
  using T = typename B::Scalar;
  using HostM = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  Md y, dx, dp, yd, xb, xdb, dp2;

  PassResults(const Vd& params, const Vd& state, const Md& x, const Md& dy, const Md& xd, const Vd& pd, const Md& yb,
              const Md& ydb, Mode mode, bool second_order) {
    const Net net{};
    const HostM p = params.cast<T>(), pdt = pd.cast<T>(), xt = x.cast<T>(), dyt = dy.cast<T>(), xdt = xd.cast<T>(),
                ybt = yb.cast<T>(), ydbt = ydb.cast<T>();
    HostM s = state.cast<T>();
    typename Net::Tape tape;
    Rng pass_rng(5, 99);
    const Pass pass{mode, &pass_rng};
    y = to_md(net.forward(p.data(), s.data(), B::cview(xt.data(), xt.rows(), xt.cols()), tape, pass));
    HostM g = HostM::Zero(Net::param_count, 1), gx(Net::in_width, x.cols());
    net.backward(p.data(), tape, B::cview(dyt.data(), dyt.rows(), dyt.cols()), g.data(),
                 B::view(gx.data(), gx.rows(), gx.cols()));
    dx = to_md(B::cview(gx.data(), gx.rows(), gx.cols()));
    dp = to_md(B::cview(g.data(), g.rows(), 1));
    if constexpr (Net::second_order) {
      if (!second_order) return;
      yd = to_md(net.tangent_forward(p.data(), Net::param_count ? pdt.data() : nullptr, tape,
                                     B::cview(xdt.data(), xdt.rows(), xdt.cols())));
      HostM g2 = HostM::Zero(Net::param_count, 1), hxb(Net::in_width, x.cols()), hxdb(Net::in_width, x.cols());
      net.tangent_backward(p.data(), Net::param_count ? pdt.data() : nullptr, tape,
                           B::cview(ybt.data(), ybt.rows(), ybt.cols()), B::cview(ydbt.data(), ydbt.rows(), ydbt.cols()),
                           g2.data(), B::view(hxb.data(), hxb.rows(), hxb.cols()),
                           B::view(hxdb.data(), hxdb.rows(), hxdb.cols()));
      xb = to_md(B::cview(hxb.data(), hxb.rows(), hxb.cols()));
      xdb = to_md(B::cview(hxdb.data(), hxdb.rows(), hxdb.cols()));
      dp2 = to_md(B::cview(g2.data(), g2.rows(), 1));
    }
  }
};

/// Sequential<Specs...> on In inputs: the CPU backend in float against the reference backend.
template <int In, class... Specs>
void compare_backends(Mode mode = Mode::Train, Index batch = 6, double tol = 2e-4, std::uint64_t seed = 3) {
  using Seq = Sequential<Specs...>;
  using NetR = typename Seq::template bind<Rb, In>;
  using NetC = typename Seq::template bind<Cf, In>;
  static_assert(NetR::param_count == NetC::param_count && NetR::state_count == NetC::state_count);
  Rng rng(seed);
  Vd params = Vd::Zero(NetR::param_count), state = Vd::Zero(NetR::state_count);
  NetR{}.init(params.data(), state.data(), rng);
  for (Index i = 0; i < params.size(); ++i) params[i] += 0.2 * rng.normal<double>();
  const Md x = random_matrix(In, batch, rng), dy = random_matrix(NetR::out_width, batch, rng);
  const Md xd = random_matrix(In, batch, rng), yb = random_matrix(NetR::out_width, batch, rng);
  const Md ydb = random_matrix(NetR::out_width, batch, rng);
  const Vd pd = random_matrix(NetR::param_count, 1, rng);
  const bool second = NetR::second_order;
  const PassResults<NetR> r(params, state, x, dy, xd, pd, yb, ydb, mode, second);
  const PassResults<NetC> c(params, state, x, dy, xd, pd, yb, ydb, mode, second);
  check_same(c.y, r.y, tol, "forward");
  check_same(c.dx, r.dx, tol, "backward: input gradient");
  check_same(c.dp, r.dp, tol, "backward: parameter gradient");
  if (second) {
    check_same(c.yd, r.yd, tol, "tangent_forward");
    check_same(c.xb, r.xb, tol, "tangent_backward: x̄");
    check_same(c.xdb, r.xdb, tol, "tangent_backward: ẋ̄");
    check_same(c.dp2, r.dp2, tol, "tangent_backward: parameter adjoint");
  }
}

}  // namespace gantk::test
