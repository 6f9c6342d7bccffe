// Every loss: values by hand, gradients and Hessian-vector products against central differences
// in double precision (the new losses and the two core ones), and finiteness on extreme logits.
#include <doctest/doctest.h>

#include <cmath>

#include <gantk/losses.hpp>

#include "gradcheck.hpp"

using namespace gantk;
using test::Bd;
using test::Md;

namespace {

double sig(double x) { return 1 / (1 + std::exp(-x)); }

Md row(std::initializer_list<double> v) {
  Md m(1, static_cast<Index>(v.size()));
  Index i = 0;
  for (double x : v) m(0, i++) = x;
  return m;
}

template <class Loss>
double d_value(const Loss& loss, const Md& r, const Md& f, const Targets& t = {}) {
  Md dr(1, r.cols()), df(1, f.cols());
  return loss.template d_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(dr), Bd::view(df), t);
}
template <class Loss>
double g_value(const Loss& loss, const Md& r, const Md& f) {
  Md df(1, f.cols());
  return loss.template g_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(df));
}

// Gradients of D's and G's losses, and the Hessian of D's loss applied to (ṙ, ḟ), against central
// differences. Real and fake batches have different sizes so that a mixed-up n and m shows.
template <class Loss>
void check_derivatives(const Loss& loss, const Targets& targets, std::uint64_t seed = 11) {
  Rng rng(seed);
  const Index n = 5, m = 4;
  const Md r = test::random_matrix(1, n, rng, 2.0), f = test::random_matrix(1, m, rng, 2.0);
  Md dr(1, n), df(1, m);
  loss.template d_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(dr), Bd::view(df), targets);
  test::check_close(dr, test::numeric_gradient(r, [&](const Md& rr) { return d_value(loss, rr, f, targets); }), 1e-7,
                    "∂L_D/∂r");
  test::check_close(df, test::numeric_gradient(f, [&](const Md& ff) { return d_value(loss, r, ff, targets); }), 1e-7,
                    "∂L_D/∂f");

  Md dg(1, m);
  loss.template g_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(dg));
  test::check_close(dg, test::numeric_gradient(f, [&](const Md& ff) { return g_value(loss, r, ff); }), 1e-7, "∂L_G/∂f");
  if constexpr (RealGradientGeneratorLoss<Loss>) {
    Md dgf(1, m), dgr(1, n);
    loss.template g_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(dgf), Bd::view(dgr));
    test::check_close(dgf, dg, 1e-12, "∂L_G/∂f from both overloads");
    test::check_close(dgr, test::numeric_gradient(r, [&](const Md& rr) { return g_value(loss, rr, f); }), 1e-7,
                      "∂L_G/∂r");
  }

  const Md rd = test::random_matrix(1, n, rng), fd = test::random_matrix(1, m, rng);
  Md rb(1, n), fb(1, m);
  loss.template d_loss_hvp<Bd>(Bd::cview(r), Bd::cview(f), Bd::cview(rd), Bd::cview(fd), Bd::view(rb), Bd::view(fb),
                               targets);
  const double h = 1e-5;
  const Md rp = r + h * rd, rm = r - h * rd, fp = f + h * fd, fm = f - h * fd;
  Md drp(1, n), dfp(1, m), drm(1, n), dfm(1, m);
  loss.template d_loss<Bd>(Bd::cview(rp), Bd::cview(fp), Bd::view(drp), Bd::view(dfp), targets);
  loss.template d_loss<Bd>(Bd::cview(rm), Bd::cview(fm), Bd::view(drm), Bd::view(dfm), targets);
  test::check_close(rb, (drp - drm) / (2 * h), 1e-7, "Hessian·(ṙ, ḟ), r part");
  test::check_close(fb, (dfp - dfm) / (2 * h), 1e-7, "Hessian·(ṙ, ḟ), f part");
}

template <class Loss>
void check_finite_on_extreme_logits(const Loss& loss) {
  const Md r = row({-800.0, 800.0, 3.0}), f = row({800.0, -800.0, -1.0});
  Md dr(1, 3), df(1, 3), rb(1, 3), fb(1, 3);
  CHECK(std::isfinite(loss.template d_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(dr), Bd::view(df), Targets{})));
  CHECK(std::isfinite(loss.template g_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(df))));
  loss.template d_loss_hvp<Bd>(Bd::cview(r), Bd::cview(f), Bd::cview(r), Bd::cview(f), Bd::view(rb), Bd::view(fb),
                               Targets{});
  CHECK(dr.allFinite());
  CHECK(df.allFinite());
  CHECK(rb.allFinite());
  CHECK(fb.allFinite());
}

}  // namespace

TEST_CASE("every loss satisfies the second-order loss contract") {
  static_assert(SecondOrderLoss<NonSaturatingLoss> && SecondOrderLoss<MinimaxLoss>);
  static_assert(SecondOrderLoss<WassersteinLoss> && SecondOrderLoss<HingeLoss>);
  static_assert(SecondOrderLoss<LeastSquaresLoss> && SecondOrderLoss<RelativisticLoss>);
  static_assert(RealGradientGeneratorLoss<RelativisticLoss>);
  static_assert(!WassersteinLoss::has_targets && !HingeLoss::has_targets && LeastSquaresLoss::has_targets &&
                RelativisticLoss::has_targets);
  static_assert(RelativisticLoss::g_needs_real && !LeastSquaresLoss::g_needs_real);
  static_assert(SecondOrderLoss<D2GanLoss> && !D2GanLoss::has_targets && !D2GanLoss::g_needs_real);
}

TEST_CASE("derivatives of every loss against central differences") {
  SUBCASE("NonSaturatingLoss") {
    check_derivatives(NonSaturatingLoss{}, Targets{});
    check_derivatives(NonSaturatingLoss{}, Targets{.real = 0.9});
  }
  SUBCASE("MinimaxLoss") { check_derivatives(MinimaxLoss{}, Targets{}); }
  SUBCASE("WassersteinLoss") { check_derivatives(WassersteinLoss{}, Targets{}); }
  SUBCASE("HingeLoss") {
    check_derivatives(HingeLoss{}, Targets{}, 11);
    check_derivatives(HingeLoss{}, Targets{}, 12);
  }
  SUBCASE("LeastSquaresLoss") {
    check_derivatives(LeastSquaresLoss{}, Targets{});
    check_derivatives(LeastSquaresLoss{.generator_target = 0.0}, Targets{.real = 1.0, .fake = -1.0});
  }
  SUBCASE("RelativisticLoss") {
    check_derivatives(RelativisticLoss{}, Targets{});
    check_derivatives(RelativisticLoss{}, Targets{.real = 0.9}, 5);
  }
  SUBCASE("D2GanLoss") {
    check_derivatives(D2GanLoss{}, Targets{});
    check_derivatives(D2GanLoss{.alpha = 0.2}, Targets{}, 7);
  }
}

TEST_CASE("D2GanLoss: values by hand, far-negative scores, a bad alpha") {
  const auto sp = [](double x) { return std::log1p(std::exp(x)); };
  const Md r = row({0.5, -1.0}), f = row({2.0, -0.5});
  CHECK(d_value(D2GanLoss{.alpha = 0.3}, r, f) ==
        doctest::Approx(-0.3 * (std::log(sp(0.5)) + std::log(sp(-1.0))) / 2 + (sp(2.0) + sp(-0.5)) / 2));
  CHECK(g_value(D2GanLoss{}, r, f) == doctest::Approx(-(sp(2.0) + sp(-0.5)) / 2));
  // log D1 on a real sample scored −60: softplus underflows nowhere, the log is the score itself
  const Md far = row({-60.0}), zero = row({0.0});
  CHECK(d_value(D2GanLoss{}, far, zero) == doctest::Approx(60.0 + sp(0.0)));
  Md dr(1, 1), df(1, 1);
  D2GanLoss{}.d_loss<Bd>(Bd::cview(far), Bd::cview(zero), Bd::view(dr), Bd::view(df), Targets{});
  CHECK(dr(0, 0) == doctest::Approx(-1.0));
  CHECK_THROWS_WITH_AS(d_value(D2GanLoss{.alpha = 0}, r, f),
                       doctest::Contains("D2GanLoss: alpha must be positive and finite, got 0"), Error);
}

TEST_CASE("WassersteinLoss: values by hand") {
  const Md r = row({1.0, 3.0}), f = row({-2.0, 0.5});
  CHECK(d_value(WassersteinLoss{}, r, f) == doctest::Approx(-0.75 - 2.0));
  CHECK(g_value(WassersteinLoss{}, r, f) == doctest::Approx(0.75));
}

TEST_CASE("HingeLoss: values by hand, and samples beyond the margin have no gradient") {
  const Md r = row({0.5, 2.0}), f = row({-2.0, 0.5});
  CHECK(d_value(HingeLoss{}, r, f) == doctest::Approx((0.5 + 0.0) / 2 + (0.0 + 1.5) / 2));
  CHECK(g_value(HingeLoss{}, r, f) == doctest::Approx(0.75));
  Md dr(1, 2), df(1, 2);
  HingeLoss{}.d_loss<Bd>(Bd::cview(r), Bd::cview(f), Bd::view(dr), Bd::view(df), Targets{});
  CHECK(dr(0, 0) == doctest::Approx(-0.5));
  CHECK(dr(0, 1) == 0.0);
  CHECK(df(0, 0) == 0.0);
  CHECK(df(0, 1) == doctest::Approx(0.5));
}

TEST_CASE("LeastSquaresLoss: values by hand, targets and G's target") {
  const Md r = row({0.5, 2.0}), f = row({-2.0, 0.5});
  CHECK(d_value(LeastSquaresLoss{}, r, f) == doctest::Approx(0.5 * (0.25 + 1.0) / 2 + 0.5 * (4.0 + 0.25) / 2));
  CHECK(g_value(LeastSquaresLoss{}, r, f) == doctest::Approx(0.5 * (9.0 + 0.25) / 2));
  CHECK(g_value(LeastSquaresLoss{.generator_target = 0.0}, r, f) == doctest::Approx(0.5 * (4.0 + 0.25) / 2));
  // the a = −1, b = 1 coding of the paper
  CHECK(d_value(LeastSquaresLoss{}, r, f, Targets{.real = 1.0, .fake = -1.0}) ==
        doctest::Approx(0.5 * (0.25 + 1.0) / 2 + 0.5 * (1.0 + 2.25) / 2));
}

TEST_CASE("RelativisticLoss: values by hand") {
  const Md r = row({0.5, 2.0, -1.0}), f = row({-2.0, 0.5});
  const double mr = 0.5, mf = -0.75;
  double d = 0, g = 0;
  for (double x : {0.5, 2.0, -1.0}) d -= std::log(sig(x - mf)) / 3, g -= std::log(1 - sig(x - mf)) / 3;
  for (double x : {-2.0, 0.5}) d -= std::log(1 - sig(x - mr)) / 2, g -= std::log(sig(x - mr)) / 2;
  CHECK(d_value(RelativisticLoss{}, r, f) == doctest::Approx(d));
  CHECK(g_value(RelativisticLoss{}, r, f) == doctest::Approx(g));
  // shifting every output by the same amount changes nothing: only differences matter
  CHECK(d_value(RelativisticLoss{}, r.array() + 7.0, f.array() + 7.0) == doctest::Approx(d));
}

TEST_CASE("losses stay finite on extreme logits") {
  check_finite_on_extreme_logits(NonSaturatingLoss{});
  check_finite_on_extreme_logits(MinimaxLoss{});
  check_finite_on_extreme_logits(WassersteinLoss{});
  check_finite_on_extreme_logits(HingeLoss{});
  check_finite_on_extreme_logits(LeastSquaresLoss{});
  check_finite_on_extreme_logits(RelativisticLoss{});
  check_finite_on_extreme_logits(D2GanLoss{});
}
