// nn/second_order.hpp: Hessian-vector products of D's loss with respect to D's parameters, and
// the mixed products with respect to D's inputs, against central differences of the gradient
// (double precision), for every layer type and for coupled and separable losses.
#include <doctest/doctest.h>

#include <gantk/layers/activations.hpp>
#include <gantk/layers/batch_norm.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/layers/maxout.hpp>
#include <gantk/losses.hpp>
#include <gantk/nn/second_order.hpp>
#include <gantk/nn/sequential.hpp>

#include "gradcheck.hpp"

using namespace gantk;
using test::Bd;
using test::Md;
using test::Vd;

namespace {

template <class Net, class Loss>
struct DLoss {
  Net net;
  Loss loss;
  Vd state = Vd::Zero(Net::state_count);
  Targets targets{.real = 0.9, .fake = 0.1};

  // ∇θL at (θ, x_r, x_f); also leaves D's passes and the loss gradients on the given tapes
  Vd gradient(const Vd& p, const Md& xr, const Md& xf, typename Net::Tape& tr, typename Net::Tape& tf, Md& dr,
              Md& df) const {
    Vd s = state;
    const Pass pass{Mode::Train, nullptr};
    net.forward(p.data(), s.data(), Bd::cview(xr), tr, pass);
    net.forward(p.data(), s.data(), Bd::cview(xf), tf, pass);
    dr.resize(1, xr.cols());
    df.resize(1, xf.cols());
    loss.template d_loss<Bd>(tr.output(), tf.output(), Bd::view(dr), Bd::view(df), targets);
    Vd g = Vd::Zero(Net::param_count);
    net.backward(p.data(), tr, Bd::cview(dr), g.data(), Bd::none());
    net.backward(p.data(), tf, Bd::cview(df), g.data(), Bd::none());
    return g;
  }
  Vd gradient(const Vd& p, const Md& xr, const Md& xf) const {
    typename Net::Tape tr, tf;
    Md dr, df;
    return gradient(p, xr, xf, tr, tf, dr, df);
  }
};

template <class Net, class Loss = NonSaturatingLoss>
void check_hvp(Index n = 6) {
  DLoss<Net, Loss> f;
  Rng rng(31);
  Vd p = Vd::Zero(Net::param_count);
  f.net.init(p.data(), f.state.data(), rng);
  for (Index i = 0; i < p.size(); ++i) p[i] += 0.3 * rng.normal<double>();
  const Md xr = test::random_matrix(Net::in_width, n, rng), xf = test::random_matrix(Net::in_width, n, rng);
  const Vd u = test::random_matrix(Net::param_count, 1, rng);

  typename Net::Tape tr, tf;
  Md dr, df;
  f.gradient(p, xr, xf, tr, tf, dr, df);
  Vd hu = Vd::Zero(Net::param_count);
  Md rb(1, n), fb(1, n), real_bar(Net::in_width, n), fake_bar(Net::in_width, n);
  discriminator_loss_hvp(f.net, p.data(), u.data(), f.loss, f.targets, tr, tf, Bd::cview(dr), Bd::cview(df),
                         Bd::view(rb), Bd::view(fb), hu.data(), Bd::view(real_bar), Bd::view(fake_bar));

  const double h = 1e-6;
  const Vd numeric_hu = (f.gradient(p + h * u, xr, xf) - f.gradient(p - h * u, xr, xf)) / (2 * h);
  test::check_close(hu, numeric_hu, 1e-6, "H·u");
  const auto along_u = [&](const Md& r, const Md& x) { return f.gradient(p, r, x).dot(u); };
  test::check_close(real_bar, test::numeric_gradient(xr, [&](const Md& r) { return along_u(r, xf); }), 1e-6,
                    "∂⟨∇θL, u⟩/∂x_real");
  test::check_close(fake_bar, test::numeric_gradient(xf, [&](const Md& x) { return along_u(xr, x); }), 1e-6,
                    "∂⟨∇θL, u⟩/∂x_fake");
  CHECK(hu.norm() > 0);
}

template <int In, class... Specs>
using Net = typename Sequential<Specs...>::template bind<Bd, In>;

}  // namespace

TEST_CASE("Hessian-vector and mixed products of D's loss, every layer type") {
  SUBCASE("Dense") { check_hvp<Net<3, Dense<4>, Dense<1>>>(); }
  SUBCASE("ReLU") { check_hvp<Net<3, Dense<5>, ReLU, Dense<1>>>(); }
  SUBCASE("LeakyReLU") { check_hvp<Net<3, Dense<5>, LeakyReLU<>, Dense<1>>>(); }
  SUBCASE("Tanh") { check_hvp<Net<3, Dense<5>, Tanh, Dense<1>>>(); }
  SUBCASE("Sigmoid") { check_hvp<Net<3, Dense<5>, Sigmoid, Dense<1>>>(); }
  SUBCASE("BatchNorm, train mode") { check_hvp<Net<3, Dense<5>, BatchNorm<>, Tanh, Dense<1>>>(); }
  SUBCASE("Maxout") { check_hvp<Net<3, Maxout<4, 3>, Dense<1>>>(); }
  SUBCASE("a mix") {
    check_hvp<Net<3, Dense<6>, BatchNorm<>, LeakyReLU<>, Maxout<4, 2>, Tanh, Dense<3>, Sigmoid, Dense<1>>>(7);
  }
}

TEST_CASE("Hessian-vector and mixed products for every loss") {
  using D = Net<3, Dense<5>, Tanh, Dense<4>, Sigmoid, Dense<1>>;
  check_hvp<D, NonSaturatingLoss>();
  check_hvp<D, MinimaxLoss>();
  check_hvp<D, WassersteinLoss>();
  check_hvp<D, HingeLoss>();
  check_hvp<D, LeastSquaresLoss>();
  check_hvp<D, RelativisticLoss>();
  check_hvp<D, D2GanLoss>();
}

TEST_CASE("the input-gradient path: ∂θ⟨v, ∇ₓΣD⟩ against central differences") {
  using D = Net<3, Dense<5>, BatchNorm<>, Tanh, Maxout<3, 2>, Dense<1>>;
  D net;
  Rng rng(8);
  Vd p = Vd::Zero(D::param_count), state = Vd::Zero(D::state_count);
  net.init(p.data(), state.data(), rng);
  for (Index i = 0; i < p.size(); ++i) p[i] += 0.3 * rng.normal<double>();
  const Index n = 5;
  const Md x = test::random_matrix(3, n, rng), v = test::random_matrix(3, n, rng), ones = Md::Ones(1, n);
  const auto input_grad = [&](const Vd& q, typename D::Tape& tape) {
    Vd s = state;
    net.forward(q.data(), s.data(), Bd::cview(x), tape, Pass{Mode::Train, nullptr});
    Md g(3, n);
    input_gradient(net, q.data(), tape, Bd::cview(ones), Bd::view(g));
    return g;
  };
  typename D::Tape tape;
  input_grad(p, tape);
  reserve_tangents<D>(tape);
  Vd dp = Vd::Zero(D::param_count);
  add_input_gradient_vjp(net, p.data(), tape, Bd::cview(v), Bd::cview(ones), dp.data());
  const auto objective = [&](const Md& q) {
    typename D::Tape t;
    return (input_grad(q, t).array() * v.array()).sum();
  };
  test::check_close(dp, test::numeric_gradient(p, objective), 1e-6, "∂θ⟨v, ∇ₓΣD⟩");
}
