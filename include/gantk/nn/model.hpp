// Model<Net>: a network together with its parameters, gradients and state, in flat buffers.
#pragma once

#include <gantk/nn/network.hpp>

namespace gantk {

template <class Net>
class Model {
 public:
  using Network = Net;
  using B = typename Net::Backend;
  using T = typename B::Scalar;
  using Matrix = typename B::Matrix;
  using Vector = typename B::Vector;
  static constexpr int in_width = Net::in_width;
  static constexpr int out_width = Net::out_width;

  Net net;
  Vector params = zeros(Net::param_count);  ///< trainable parameters, layer after layer
  Vector grads = zeros(Net::param_count);   ///< their gradients (same layout)
  Vector state = zeros(Net::state_count);   ///< non-trainable state (running statistics, ...)

  void init(Rng& rng) {
    B::fill(B::view(state), T(0));
    net.init(params.data(), state.data(), rng);
    B::fill(B::view(grads), T(0));
  }

  static constexpr Index parameter_count() { return Net::param_count; }

  /// Convenience forward pass for users (allocates its output). x is in_width × n.
  Matrix operator()(const Matrix& x, Mode mode = Mode::Eval) const {
    GANTK_CHECK(x.rows() == in_width, "model input has ", x.rows(), " rows, expected ", in_width);
    typename Net::Tape tape;
    Vector st = state;  // evaluation must not move running statistics
    Pass pass{mode, nullptr};
    const typename B::CView y = net.forward(params.data(), st.data(), B::cview(x), tape, pass);
    Matrix out(y.rows(), y.cols());
    B::copy(B::view(out), y);
    return out;
  }

 private:
  static Vector zeros(Index n) {
    Vector v(n, 1);
    B::fill(B::view(v), T(0));
    return v;
  }
};

}  // namespace gantk
