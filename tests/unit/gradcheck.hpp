// Numerical checks of first- and second-order passes against central differences (double).
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <type_traits>

#include <gantk/nn/network.hpp>

namespace gantk::test {

using Bd = CpuBackend<double>;
using Md = Bd::Matrix;
using Vd = Bd::Vector;

/// Views of host matrices for the backend B (both backends in the tests keep host memory).
template <class B>
typename B::CView cv(const Md& m) {
  return B::cview(m.data(), m.rows(), m.cols());
}
template <class B>
typename B::View mv(Md& m) {
  return B::view(m.data(), m.rows(), m.cols());
}
/// A host copy of a view's values.
template <class V>
Md to_md(const V& v) {
  Md m(v.rows(), v.cols());
  for (Index i = 0; i < v.size(); ++i) m.data()[i] = static_cast<double>(v.data()[i]);
  return m;
}

inline Md random_matrix(Index r, Index c, Rng& rng, double scale = 1.0) {
  Md m(r, c);
  rng.fill_normal(m.data(), m.size(), 0.0, scale);
  return m;
}

/// |a − n| ≤ tol · max(1, |a|, |n|) for every element; reports the worst element.
inline void check_close(const Md& analytic, const Md& numeric, double tol, const std::string& what) {
  REQUIRE(analytic.rows() == numeric.rows());
  REQUIRE(analytic.cols() == numeric.cols());
  double worst = 0;
  Index wi = 0;
  for (Index i = 0; i < analytic.size(); ++i) {
    const double a = analytic.data()[i], n = numeric.data()[i];
    const double err = std::abs(a - n) / std::max({1.0, std::abs(a), std::abs(n)});
    if (err > worst) worst = err, wi = i;
  }
  INFO(what << ": worst relative error " << worst << " at element " << wi << " (analytic "
            << (analytic.size() ? analytic.data()[wi] : 0.0) << ", numeric " << (numeric.size() ? numeric.data()[wi] : 0.0)
            << ")");
  CHECK(worst <= tol);
}

/// Central difference of a scalar function along every coordinate of v.
inline Md numeric_gradient(Md v, const std::function<double(const Md&)>& f, double h = 1e-6) {
  Md g(v.rows(), v.cols());
  for (Index i = 0; i < v.size(); ++i) {
    const double keep = v.data()[i];
    v.data()[i] = keep + h;
    const double up = f(v);
    v.data()[i] = keep - h;
    const double down = f(v);
    v.data()[i] = keep;
    g.data()[i] = (up - down) / (2 * h);
  }
  return g;
}

/// Checks backward, tangent_forward and tangent_backward of a double-precision network (on any
/// backend) against central differences, in the given mode, for every combination of
/// present/absent operands.
template <class Net>
struct NetworkGradCheck {
  using B = typename Net::Backend;
  static_assert(std::is_same_v<typename B::Scalar, double>, "gradient checks run in double precision");
  Net net;
  Index batch = 5;
  Mode mode = Mode::Train;
  double tol = 1e-6;
  double param_jitter = 0.3;  // moves BatchNorm's γ away from 1, etc.
  std::uint64_t seed = 7;

  /// The condition every pass carries (Pass::with_condition; AppendCondition reads it): rows ×
  /// batch, or empty for none. It is data, held fixed by the checks.
  Md condition;

  Vd params, state;

  Pass make_pass(Rng& pass_rng) const {
    const Pass pass{mode, &pass_rng};
    return condition.size() ? pass.with_condition(condition.data(), condition.rows(), condition.cols()) : pass;
  }

  Md run(const Md& x, const Vd& p) const {
    typename Net::Tape tape;
    Vd s = state;
    Rng pass_rng(seed, 99);
    const Pass pass = make_pass(pass_rng);
    return to_md(net.forward(p.data(), s.data(), cv<B>(x), tape, pass));
  }

  Md tangent(const Md& x, const Vd& p, const Md* xd, const Vd* pd) const {
    typename Net::Tape tape;
    Vd s = state;
    Rng pass_rng(seed, 99);
    const Pass pass = make_pass(pass_rng);
    net.forward(p.data(), s.data(), cv<B>(x), tape, pass);
    return to_md(net.tangent_forward(p.data(), pd ? pd->data() : nullptr, tape, xd ? cv<B>(*xd) : B::cnone()));
  }

  void check_first_order() {
    Rng rng(seed);
    prepare(rng);
    const Md x = random_matrix(Net::in_width, batch, rng);
    const Md dy = random_matrix(Net::out_width, batch, rng);
    typename Net::Tape tape;
    Vd s = state;
    Rng pass_rng(seed, 99);
    const Pass pass = make_pass(pass_rng);
    net.forward(params.data(), s.data(), cv<B>(x), tape, pass);
    Vd dp = Vd::Zero(Net::param_count);
    Md dx(Net::in_width, batch);
    net.backward(params.data(), tape, cv<B>(dy), dp.data(), mv<B>(dx));
    const auto fx = [&](const Md& xx) { return (run(xx, params).array() * dy.array()).sum(); };
    check_close(dx, numeric_gradient(x, fx), tol, "backward: input gradient");
    if constexpr (Net::param_count > 0) {
      const auto fp = [&](const Md& pp) { return (run(x, pp).array() * dy.array()).sum(); };
      check_close(dp, numeric_gradient(params, fp), tol, "backward: parameter gradient");
    }
  }

  void check_second_order() {
    for (int combo = 0; combo < 8; ++combo) {
      const bool with_yb = combo & 1, with_xd = combo & 2, with_pd = (combo & 4) && Net::param_count > 0;
      CAPTURE(with_yb);
      CAPTURE(with_xd);
      CAPTURE(with_pd);
      Rng rng(seed + static_cast<std::uint64_t>(combo));
      prepare(rng);
      const Md x = random_matrix(Net::in_width, batch, rng);
      const Md xd = random_matrix(Net::in_width, batch, rng);
      const Vd pd = random_matrix(Net::param_count, 1, rng);
      const Md yb = random_matrix(Net::out_width, batch, rng);
      const Md ydb = random_matrix(Net::out_width, batch, rng);
      const Md* xdp = with_xd ? &xd : nullptr;
      const Vd* pdp = with_pd ? &pd : nullptr;

      // the tangent itself against a directional difference
      if (with_xd || with_pd) {
        const double h = 1e-6;
        Md xp = x, xm = x;
        Vd pp = params, pm = params;
        if (with_xd) xp += h * xd, xm -= h * xd;
        if (with_pd) pp += h * pd, pm -= h * pd;
        const Md numeric = (run(xp, pp) - run(xm, pm)) / (2 * h);
        check_close(tangent(x, params, xdp, pdp), numeric, tol, "tangent_forward");
      }

      // the reverse of the tangent pass against differences of ⟨ȳ, y⟩ + ⟨ẏ̄, ẏ⟩
      typename Net::Tape tape;
      Vd s = state;
      Rng pass_rng(seed, 99);
      const Pass pass = make_pass(pass_rng);
      net.forward(params.data(), s.data(), cv<B>(x), tape, pass);
      net.tangent_forward(params.data(), pdp ? pdp->data() : nullptr, tape, xdp ? cv<B>(*xdp) : B::cnone());
      Vd dp = Vd::Zero(Net::param_count);
      Md xb(Net::in_width, batch), xdb(Net::in_width, batch);
      net.tangent_backward(params.data(), pdp ? pdp->data() : nullptr, tape, with_yb ? cv<B>(yb) : B::cnone(),
                           cv<B>(ydb), dp.data(), mv<B>(xb), mv<B>(xdb));
      const auto objective = [&](const Md& xx, const Vd& p) {
        double v = (tangent(xx, p, xdp, pdp).array() * ydb.array()).sum();
        if (with_yb) v += (run(xx, p).array() * yb.array()).sum();
        return v;
      };
      check_close(xb, numeric_gradient(x, [&](const Md& xx) { return objective(xx, params); }), tol,
                  "tangent_backward: x̄");
      if constexpr (Net::param_count > 0)
        check_close(dp, numeric_gradient(params, [&](const Md& pp) { return objective(x, pp); }), tol,
                    "tangent_backward: parameter adjoint");
      const auto tangent_objective = [&](const Md& xdd) {
        return (tangent(x, params, &xdd, pdp).array() * ydb.array()).sum();
      };
      check_close(xdb, numeric_gradient(xd, tangent_objective), tol, "tangent_backward: ẋ̄");
    }
  }

 private:
  void prepare(Rng& rng) {
    params = Vd::Zero(Net::param_count);
    state = Vd::Zero(Net::state_count);
    net.init(params.data(), state.data(), rng);
    for (Index i = 0; i < params.size(); ++i) params[i] += param_jitter * rng.normal<double>();
    for (Index i = 0; i < state.size(); ++i) state[i] += 0.1 * std::abs(rng.normal<double>());
  }
};

/// Every pass of the bound network N against central differences: first order, then second.
template <class N>
void check_all(Mode mode = Mode::Train, Index batch = 5) {
  NetworkGradCheck<N> c;
  c.mode = mode;
  c.batch = batch;
  c.check_first_order();
  c.check_second_order();
}

}  // namespace gantk::test
