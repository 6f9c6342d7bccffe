// The fused paths of the backend against the plain ones, in float and double: Dense followed by
// an activation (forward and backward, as Network runs them) against the layers run one by one,
// and the vectorised optimizers against a scalar reference.
#include <doctest/doctest.h>

#include <gantk/layers/activations.hpp>
#include <gantk/layers/dense.hpp>
#include <gantk/nn/sequential.hpp>
#include <gantk/optim/optimizers.hpp>

namespace {

using namespace gantk;

template <class T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

template <class T>
double tolerance() {
  return sizeof(T) == 4 ? 2e-5 : 1e-12;
}

template <class T>
double max_rel(const Mat<T>& a, const Mat<T>& b) {
  const double scale = std::max(1.0, static_cast<double>(b.cwiseAbs().maxCoeff()));
  return static_cast<double>((a - b).cwiseAbs().maxCoeff()) / scale;
}

/// Runs Net fused (Network's passes) and layer by layer, compares outputs, the tape's
/// pre-activations, the input gradient and the parameter gradients.
template <class T, class Net>
void check_network(Index batch) {
  using B = CpuBackend<T>;
  Net net;
  Rng rng(11);
  Mat<T> params(Net::param_count, 1), state(std::max<Index>(Net::state_count, 1), 1);
  net.init(params.data(), state.data(), rng);
  Mat<T> x(Net::in_width, batch), dy(Net::out_width, batch);
  rng.fill_normal(x.data(), x.size(), T(0), T(1));
  rng.fill_normal(dy.data(), dy.size(), T(0), T(1));
  typename Net::Tape tape;
  const Pass pass{};
  net.forward(params.data(), state.data(), B::cview(x), tape, pass);
  Mat<T> dp = Mat<T>::Zero(Net::param_count, 1), dx(Net::in_width, batch);
  net.backward(params.data(), tape, B::cview(dy), dp.data(), B::view(dx));

  // layer by layer, through each layer's own forward and backward
  std::array<Mat<T>, Net::depth> out;
  detail::for_each_index<Net::depth>([&](auto i) {
    out[i].resize(Net::out_widths[i], batch);
    const Mat<T>& in = i == 0 ? x : out[i == 0 ? 0 : i - 1];
    typename Net::template LayerAt<i>::Cache cache;
    cache.resize(batch);
    net.template layer<i>().forward(params.data() + Net::param_offsets[i], state.data(), B::cview(in), B::view(out[i]),
                                    cache, pass);
    CHECK(max_rel<T>(tape.out[i], out[i]) <= tolerance<T>());
  });
  Mat<T> g = dy, dp_ref = Mat<T>::Zero(Net::param_count, 1);
  detail::for_each_index_reverse<Net::depth>([&](auto i) {
    const Mat<T>& in = i == 0 ? x : out[i == 0 ? 0 : i - 1];
    Mat<T> gin(Net::in_widths[i], batch);
    typename Net::template LayerAt<i>::Cache cache;
    cache.resize(batch);
    net.template layer<i>().backward(params.data() + Net::param_offsets[i], B::cview(in), B::cview(out[i]), B::cview(g),
                                     B::view(gin), dp_ref.data() + Net::param_offsets[i], cache);
    g = gin;
  });
  CHECK(max_rel<T>(dx, g) <= tolerance<T>());
  CHECK(max_rel<T>(dp, dp_ref) <= tolerance<T>());
}

template <class T, int In, class... Specs>
using NetOf = typename Sequential<Specs...>::template bind<CpuBackend<T>, In>;

template <class T>
void check_all_networks() {
  check_network<T, NetOf<T, 2, Dense<128>, ReLU, Dense<128>, ReLU, Dense<1>>>(256);
  check_network<T, NetOf<T, 2, Dense<37>, LeakyReLU<>, Dense<19>, Tanh, Dense<2>>>(13);
  check_network<T, NetOf<T, 5, Dense<9>, Sigmoid, Dense<17>, Identity, Dense<3>, ReLU>>(7);
  check_network<T, NetOf<T, 3, ReLU, Dense<24>, ReLU, Dense<1>>>(100);  // an activation first
}

template <class T>
void check_optimizer(const Optimizer& o) {
  const Index n = 45;  // not a multiple of any vector width
  OptimizerState<T> opt(o, n);
  Mat<T> theta(n, 1), g(n, 1);
  Rng rng(3);
  rng.fill_normal(theta.data(), n, T(0), T(1));
  Eigen::VectorXd ref = theta.template cast<double>(), m = Eigen::VectorXd::Zero(n), v = Eigen::VectorXd::Zero(n);
  for (int step = 1; step <= 4; ++step) {
    rng.fill_normal(g.data(), n, T(0), T(1));
    opt.step(theta.data(), g.data());
    for (Index i = 0; i < n; ++i) {
      const double gi = static_cast<double>(g(i));
      if (const auto* a = std::get_if<Adam>(&o)) {
        m(i) = a->beta1 * m(i) + (1 - a->beta1) * gi;
        v(i) = a->beta2 * v(i) + (1 - a->beta2) * gi * gi;
        const double mh = m(i) / (1 - std::pow(a->beta1, step)), vh = v(i) / (1 - std::pow(a->beta2, step));
        ref(i) -= a->lr * mh / (std::sqrt(vh) + a->eps);
      } else {
        const auto& r = std::get<RMSProp>(o);
        m(i) = r.alpha * m(i) + (1 - r.alpha) * gi * gi;
        ref(i) -= r.lr * gi / (std::sqrt(m(i)) + r.eps);
      }
    }
  }
  const double err = (theta.template cast<double>() - ref).cwiseAbs().maxCoeff();
  CHECK(err <= (sizeof(T) == 4 ? 1e-6 : 1e-13));
}

}  // namespace

TEST_CASE("fused Dense+activation passes match the layer-by-layer passes (float)") { check_all_networks<float>(); }
TEST_CASE("fused Dense+activation passes match the layer-by-layer passes (double)") { check_all_networks<double>(); }
TEST_CASE("vectorised Adam and RMSProp match a scalar double reference") {
  check_optimizer<float>(Adam{.lr = 1e-2});
  check_optimizer<double>(Adam{.lr = 1e-2});
  check_optimizer<float>(RMSProp{.lr = 1e-3});
  check_optimizer<double>(RMSProp{.lr = 1e-3});
}
