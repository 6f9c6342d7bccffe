// The core losses: values by hand, gradients and Hessian-vector products against differences.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/losses/minimax_loss.hpp>
#include <gantk/losses/non_saturating_loss.hpp>

#include "gradcheck.hpp"

using namespace gantk;
using test::Bd;
using test::Md;

TEST_CASE("NonSaturatingLoss: values by hand") {
  const NonSaturatingLoss loss;
  Md r(1, 2), f(1, 2), dr(1, 2), df(1, 2);
  r << 0.0, 2.0;
  f << -1.0, 0.0;
  const double ld = loss.d_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(dr), Bd::view(df), Targets{});
  // −log σ(0) − log σ(2) over 2, plus −log(1−σ(−1)) − log(1−σ(0)) over 2
  const auto sig = [](double x) { return 1 / (1 + std::exp(-x)); };
  const double expected = (-std::log(sig(0)) - std::log(sig(2))) / 2 + (-std::log(1 - sig(-1)) - std::log(1 - sig(0))) / 2;
  CHECK(ld == doctest::Approx(expected));
  CHECK(dr(0, 1) == doctest::Approx((sig(2) - 1) / 2));
  CHECK(df(0, 0) == doctest::Approx(sig(-1) / 2));
  const double lg = loss.g_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(df));
  CHECK(lg == doctest::Approx((-std::log(sig(-1)) - std::log(sig(0))) / 2));
}

TEST_CASE("losses are finite for extreme logits") {
  const NonSaturatingLoss loss;
  Md r(1, 2), f(1, 2), dr(1, 2), df(1, 2);
  r << -800.0, 800.0;
  f << 800.0, -800.0;
  const double ld = loss.d_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(dr), Bd::view(df), Targets{});
  CHECK(std::isfinite(ld));
  CHECK(ld == doctest::Approx(800.0));  // one confident mistake on each side: (800 + 0)/2 · 2
  CHECK(dr.allFinite());
  CHECK(df.allFinite());
}

template <class Loss>
void check_loss_derivatives(const Targets& targets) {
  const Loss loss;
  Rng rng(11);
  const Md r = test::random_matrix(1, 5, rng, 2.0), f = test::random_matrix(1, 5, rng, 2.0);
  Md dr(1, 5), df(1, 5), dg(1, 5);
  loss.template d_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(dr), Bd::view(df), targets);
  const auto ld_r = [&](const Md& rr) {
    Md a(1, 5), b(1, 5);
    return loss.template d_loss<Bd>(Bd::cview(rr), Bd::cview(f), Bd::view(a), Bd::view(b), targets);
  };
  const auto ld_f = [&](const Md& ff) {
    Md a(1, 5), b(1, 5);
    return loss.template d_loss<Bd>(Bd::cview(r), Bd::cview(ff), Bd::view(a), Bd::view(b), targets);
  };
  test::check_close(dr, test::numeric_gradient(r, ld_r), 1e-6, "∂L_D/∂r");
  test::check_close(df, test::numeric_gradient(f, ld_f), 1e-6, "∂L_D/∂f");
  loss.template g_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(dg));
  const auto lg = [&](const Md& ff) {
    Md a(1, 5);
    return loss.template g_loss<Bd>(Bd::cview(r), Bd::cview(ff), Bd::view(a));
  };
  test::check_close(dg, test::numeric_gradient(f, lg), 1e-6, "∂L_G/∂f");
  // Hessian-vector product against the difference of gradients along (ṙ, ḟ)
  const Md rd = test::random_matrix(1, 5, rng), fd = test::random_matrix(1, 5, rng);
  Md rb(1, 5), fb(1, 5);
  loss.template d_loss_hvp<Bd>(Bd::cview(r), Bd::cview(f), Bd::cview(rd), Bd::cview(fd), Bd::view(rb), Bd::view(fb),
                               targets);
  const double h = 1e-6;
  Md rp = r + h * rd, rm = r - h * rd, fp = f + h * fd, fm = f - h * fd;
  Md drp(1, 5), dfp(1, 5), drm(1, 5), dfm(1, 5);
  loss.template d_loss<Bd>(Bd::cview(rp), Bd::cview(fp), Bd::view(drp), Bd::view(dfp), targets);
  loss.template d_loss<Bd>(Bd::cview(rm), Bd::cview(fm), Bd::view(drm), Bd::view(dfm), targets);
  test::check_close(rb, (drp - drm) / (2 * h), 1e-6, "HVP, r part");
  test::check_close(fb, (dfp - dfm) / (2 * h), 1e-6, "HVP, f part");
}

TEST_CASE("NonSaturatingLoss: derivatives") {
  check_loss_derivatives<NonSaturatingLoss>(Targets{});
  check_loss_derivatives<NonSaturatingLoss>(Targets{.real = 0.9, .fake = 0.0});
}
TEST_CASE("MinimaxLoss: derivatives") { check_loss_derivatives<MinimaxLoss>(Targets{}); }
