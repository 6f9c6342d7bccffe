// Losses, optimizers and a whole network's second-order products on the reference backend:
// derivatives against central differences (double), and the CPU backend (float) against it.
#include <doctest/doctest.h>

#include <vector>

#include <gantk/layers/activations.hpp>
#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/losses.hpp>
#include <gantk/nn/model.hpp>
#include <gantk/nn/second_order.hpp>
#include <gantk/optim/optimizers.hpp>

#include "backend_compare.hpp"

using namespace gantk;
using test::Cf;
using test::check_same;
using test::cv;
using test::Md;
using test::mv;
using test::Rb;
using test::Vd;

namespace {

template <class B, class Loss>
double d_value(const Loss& loss, const Md& r, const Md& f, const Targets& t, Md* dr = nullptr, Md* df = nullptr) {
  Md gr(1, r.cols()), gf(1, f.cols());
  const double v = loss.template d_loss<B>(cv<B>(r), cv<B>(f), mv<B>(gr), mv<B>(gf), t);
  if (dr) *dr = gr;
  if (df) *df = gf;
  return v;
}
template <class B, class Loss>
double g_value(const Loss& loss, const Md& r, const Md& f, Md* df = nullptr) {
  Md gf(1, f.cols());
  const double v = loss.template g_loss<B>(cv<B>(r), cv<B>(f), mv<B>(gf));
  if (df) *df = gf;
  return v;
}

/// Every derivative a loss provides, on the reference backend, against central differences.
template <class Loss>
void check_loss_on_reference(const Loss& loss, const Targets& t) {
  static_assert(LossPolicyOn<Loss, Rb> && SecondOrderLossOn<Loss, Rb>);
  Rng rng(17);
  const Index n = 5, m = 4;
  const Md r = test::random_matrix(1, n, rng, 2.0), f = test::random_matrix(1, m, rng, 2.0);
  Md dr, df, dg;
  d_value<Rb>(loss, r, f, t, &dr, &df);
  test::check_close(dr, test::numeric_gradient(r, [&](const Md& x) { return d_value<Rb>(loss, x, f, t); }), 1e-7, "∂L_D/∂r");
  test::check_close(df, test::numeric_gradient(f, [&](const Md& x) { return d_value<Rb>(loss, r, x, t); }), 1e-7, "∂L_D/∂f");
  g_value<Rb>(loss, r, f, &dg);
  test::check_close(dg, test::numeric_gradient(f, [&](const Md& x) { return g_value<Rb>(loss, r, x); }), 1e-7, "∂L_G/∂f");
  if constexpr (RealGradientGeneratorLossOn<Loss, Rb>) {
    Md gf(1, m), gr(1, n);
    loss.template g_loss<Rb>(cv<Rb>(r), cv<Rb>(f), mv<Rb>(gf), mv<Rb>(gr));
    test::check_close(gr, test::numeric_gradient(r, [&](const Md& x) { return g_value<Rb>(loss, x, f); }), 1e-7,
                      "∂L_G/∂r");
  }
  const Md rd = test::random_matrix(1, n, rng), fd = test::random_matrix(1, m, rng);
  Md rb(1, n), fb(1, m);
  loss.template d_loss_hvp<Rb>(cv<Rb>(r), cv<Rb>(f), cv<Rb>(rd), cv<Rb>(fd), mv<Rb>(rb), mv<Rb>(fb), t);
  const double h = 1e-5;
  Md drp, dfp, drm, dfm;
  d_value<Rb>(loss, r + h * rd, f + h * fd, t, &drp, &dfp);
  d_value<Rb>(loss, r - h * rd, f - h * fd, t, &drm, &dfm);
  test::check_close(rb, (drp - drm) / (2 * h), 1e-7, "Hessian·(ṙ, ḟ), r part");
  test::check_close(fb, (dfp - dfm) / (2 * h), 1e-7, "Hessian·(ṙ, ḟ), f part");

  // the CPU backend in float on the same logits
  const test::Mf rf = r.cast<float>(), ff = f.cast<float>(), rdf = rd.cast<float>(), fdf = fd.cast<float>();
  test::Mf cdr(1, n), cdf(1, m), cdg(1, m), crb(1, n), cfb(1, m);
  const double cd = loss.template d_loss<Cf>(Cf::cview(rf), Cf::cview(ff), Cf::view(cdr), Cf::view(cdf), t);
  const double cg = loss.template g_loss<Cf>(Cf::cview(rf), Cf::cview(ff), Cf::view(cdg));
  loss.template d_loss_hvp<Cf>(Cf::cview(rf), Cf::cview(ff), Cf::cview(rdf), Cf::cview(fdf), Cf::view(crb),
                               Cf::view(cfb), t);
  CHECK(cd == doctest::Approx(d_value<Rb>(loss, r, f, t)).epsilon(1e-5));
  CHECK(cg == doctest::Approx(g_value<Rb>(loss, r, f)).epsilon(1e-5));
  check_same(cdr.cast<double>(), dr, 1e-5, "CPU ∂L_D/∂r");
  check_same(cdf.cast<double>(), df, 1e-5, "CPU ∂L_D/∂f");
  check_same(cdg.cast<double>(), dg, 1e-5, "CPU ∂L_G/∂f");
  check_same(crb.cast<double>(), rb, 1e-5, "CPU Hessian·(ṙ, ḟ), r part");
  check_same(cfb.cast<double>(), fb, 1e-5, "CPU Hessian·(ṙ, ḟ), f part");
}

/// Several steps of one optimizer on both backends from the same start and gradients.
void check_optimizer(const Optimizer& o) {
  const Index n = 45;  // not a multiple of any vector width: the CPU's vector loop and its tail both run
  OptimizerState<float> cpu(o, n);
  OptimizerState<double, Rb> ref(o, n);
  Rng rng(9);
  std::vector<double> theta(n), g(n);
  rng.fill_normal(theta.data(), n, 0.0, 1.0);
  std::vector<float> theta_f(theta.begin(), theta.end());
  for (int step = 0; step < 6; ++step) {
    rng.fill_normal(g.data(), n, 0.0, 1.0);
    const std::vector<float> g_f(g.begin(), g.end());
    CHECK(cpu.step(theta_f.data(), g_f.data()));
    CHECK(ref.step(theta.data(), g.data()));
  }
  CHECK(ref.steps() == 6);
  double worst = 0;
  for (Index i = 0; i < n; ++i) worst = std::max(worst, std::abs(double(theta_f[i]) - theta[i]));
  CHECK(worst <= 1e-5);
  const auto m_ref = test::to_md(Rb::cview(ref.first_moment()));
  const auto m_cpu = test::to_md(Cf::cview(cpu.first_moment()));
  check_same(m_cpu, m_ref, 1e-5, "first moment");
}

}  // namespace

TEST_CASE("reference backend: every loss, derivatives and the CPU backend against it") {
  const Targets smoothed{.real = 0.9, .fake = 0.05};
  check_loss_on_reference(NonSaturatingLoss{}, smoothed);
  check_loss_on_reference(MinimaxLoss{}, Targets{});
  check_loss_on_reference(WassersteinLoss{}, Targets{});
  check_loss_on_reference(HingeLoss{}, Targets{});
  check_loss_on_reference(LeastSquaresLoss{}, smoothed);
  check_loss_on_reference(RelativisticLoss{}, smoothed);
  static_assert(LossPolicy<NonSaturatingLoss> && SecondOrderLoss<RelativisticLoss> &&
                RealGradientGeneratorLoss<RelativisticLoss>);
}

TEST_CASE("reference backend: optimizers, several steps, CPU (float, vectorised) against reference") {
  check_optimizer(SGD{.lr = 0.05});
  check_optimizer(SGD{.lr = 0.05, .momentum = 0.9});
  check_optimizer(SGD{.lr = 0.05, .momentum = 0.5, .nesterov = true});
  check_optimizer(Adam{.lr = 1e-2});
  check_optimizer(RMSProp{.lr = 1e-3});
}

TEST_CASE("reference backend: a whole network, its model, and its second-order products, on both backends") {
  using Spec = Sequential<Dense<24>, LeakyReLU<>, Dense<16>, Tanh, BatchNorm<>, Dense<12>, Sigmoid, Dense<1>>;
  using NetR = Spec::bind<Rb, 3>;
  using NetC = Spec::bind<Cf, 3>;
  static_assert(NetR::second_order);
  const Index n = 20;
  Model<NetR> model;
  Rng init_rng(4);
  model.init(init_rng);
  const Md params = test::to_md(Rb::cview(model.params)), state = test::to_md(Rb::cview(model.state));
  const test::Mf params_f = params.cast<float>(), state_f = state.cast<float>();
  Rng rng(8);
  const Md xr = test::random_matrix(3, n, rng), xf = test::random_matrix(3, n, rng), v = test::random_matrix(3, n, rng);
  const Md u = test::random_matrix(NetR::param_count, 1, rng);
  const NonSaturatingLoss loss;

  // input-gradient penalty product ∂θ⟨v, ∇ₓΣD⟩, and D's loss Hessian-vector product, on one backend
  const auto run = [&]<class Net>(Net net, const auto& p, const auto& s0, auto /*scalar*/ zero) {
    using B = typename Net::Backend;
    using T = decltype(zero);
    using HM = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    HM s = s0, xrt = xr.cast<T>(), xft = xf.cast<T>(), vt = v.cast<T>(), ut = u.cast<T>();
    HM ones = HM::Ones(1, n), gx(3, n), vjp = HM::Zero(Net::param_count, 1), hu = HM::Zero(Net::param_count, 1);
    HM dr(1, n), df(1, n), rb(1, n), fb(1, n), real_bar(3, n), fake_bar(3, n);
    typename Net::Tape real, fake;
    const Pass pass{Mode::Train, nullptr};
    const auto c = [](const HM& m) { return B::cview(m.data(), m.rows(), m.cols()); };
    const auto w = [](HM& m) { return B::view(m.data(), m.rows(), m.cols()); };
    net.forward(p.data(), s.data(), c(xrt), real, pass);
    net.forward(p.data(), s.data(), c(xft), fake, pass);
    input_gradient(net, p.data(), real, c(ones), w(gx));
    add_input_gradient_vjp(net, p.data(), real, c(vt), c(ones), vjp.data());
    const T value = loss.template d_loss<B>(real.output(), fake.output(), w(dr), w(df), Targets{});
    discriminator_loss_hvp(net, p.data(), ut.data(), loss, Targets{}, real, fake, c(dr), c(df), w(rb), w(fb), hu.data(),
                           w(real_bar), w(fake_bar));
    return std::array<Md, 6>{test::to_md(c(gx)),  test::to_md(c(vjp)),      test::to_md(c(hu)),
                             test::to_md(c(real_bar)), test::to_md(c(fake_bar)), Md::Constant(1, 1, double(value))};
  };
  const auto ref = run(NetR{}, params, state, 0.0);
  const auto cpu = run(NetC{}, params_f, state_f, 0.0f);
  const char* what[] = {"∇ₓΣD", "∂θ⟨v, ∇ₓΣD⟩", "H·u", "mixed product, real", "mixed product, fake", "D's loss"};
  for (int i = 0; i < 6; ++i) check_same(cpu[i], ref[i], 5e-4, what[i]);

  // the models' convenience forward passes (eval mode) agree too
  Model<NetC> model_c;
  for (Index i = 0; i < params.size(); ++i) model_c.params[i] = params_f(i);
  for (Index i = 0; i < state.size(); ++i) model_c.state[i] = state_f(i);
  const Md x = test::random_matrix(3, 9, rng);
  Rb::Matrix x_ref(3, 9);
  Rb::copy(Rb::view(x_ref), cv<Rb>(x));
  const Rb::Matrix y_ref = model(x_ref);
  const test::Mf y_cpu = model_c(x.cast<float>());
  check_same(y_cpu.cast<double>(), test::to_md(Rb::cview(y_ref)), 1e-5, "Model::operator()");
}
