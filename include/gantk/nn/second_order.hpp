// Second-order products of a network, built from its exact tangent passes: the gradient of a
// function of the input gradient (gradient penalties), and Hessian-vector products of a loss on
// the outputs with respect to the parameters (exact unrolling).
//
// What a layer must provide (gantk/layers/layer.hpp, SecondOrderLayer), for y = f(x; p):
//   tangent_forward  ẏ = Jₓẋ + Jₚṗ                      (ẋ or ṗ absent = 0)
//   tangent_backward x̄ = Jₓᵀȳ + ∂ₓ⟨ẏ̄, ẏ⟩,  ẋ̄ = Jₓᵀẏ̄,  dp += Jₚᵀȳ + ∂ₚ⟨ẏ̄, ẏ⟩   (ẋ, ṗ held fixed)
// A layer with both passes, checked by tests/unit/gradcheck.hpp, works with every function here.
// Nothing here differentiates numerically; everything is exact up to rounding.
//
// For a network N(x; θ) and a tape holding a forward pass:
//   ∇ₓΣN           input_gradient              one backward pass from ones, no parameter gradient
//   ∂θ⟨v, ∇ₓΣN⟩    add_input_gradient_vjp      tangent pass with ẋ = v, then its reverse with
//                                              ȳ absent and ẏ̄ = 1 (penalties on ∇ₓD)
// For a loss L(θ, x) = ℓ(N(x; θ)) and a direction u in parameter space:
//   ẏ = Jθ u                         parameter_tangent          tangent pass with ṗ = u
//   H u = ∂θ⟨∇θL, u⟩                 add_parameter_hvp          reverse of that pass with
//   M u = ∂ₓ⟨∇θL, u⟩  (mixed)                                   ȳ = ∇²ℓ·ẏ and ẏ̄ = ∇ℓ
// because ⟨∇θL, u⟩ = ⟨∇ℓ(y), ẏ⟩, whose derivative in θ (or x) is ⟨∇²ℓ ẏ, ∂y⟩ + ⟨∇ℓ, ∂ẏ⟩.
#pragma once

#include <gantk/losses/loss.hpp>
#include <gantk/nn/network.hpp>

namespace gantk {

/// g = ∇ₓ Σ_j N(x)_j (in_width × batch) for the forward pass on `tape`; `ones` is a matrix of
/// ones shaped like N's output. No parameter gradient is formed.
template <class Net>
void input_gradient(const Net& net, const typename Net::T* p, typename Net::Tape& tape, typename Net::CView ones,
                    typename Net::View g) {
  net.backward(p, tape, ones, nullptr, g);
}

/// dp += ∂θ⟨v, ∇ₓ Σ_j N(x)_j⟩ with v held fixed: the exact parameter gradient of any penalty
/// P(∇ₓΣN) when v = ∂P/∂(∇ₓΣN). `ones` is shaped like N's output.
template <class Net>
void add_input_gradient_vjp(const Net& net, const typename Net::T* p, typename Net::Tape& tape,
                            typename Net::CView v, typename Net::CView ones, typename Net::T* dp) {
  using B = typename Net::Backend;
  net.tangent_forward(p, nullptr, tape, v);
  net.tangent_backward(p, nullptr, tape, B::cnone(), ones, dp, B::none(), B::none());
}

/// ẏ = Jθ u: the first half of a Hessian-vector product (returns the output tangent).
template <class Net>
typename Net::CView parameter_tangent(const Net& net, const typename Net::T* p, const typename Net::T* u,
                                      typename Net::Tape& tape) {
  using B = typename Net::Backend;
  return net.tangent_forward(p, u, tape, B::cnone());
}

/// The second half, after parameter_tangent on the same tape: with loss_hvp = ∇²ℓ(y)·ẏ and
/// loss_grad = ∇ℓ(y), adds H u = ∂θ⟨∇θL, u⟩ to hu and writes the mixed product
/// M u = ∂ₓ⟨∇θL, u⟩ into x_bar (skipped when none).
template <class Net>
void add_parameter_hvp(const Net& net, const typename Net::T* p, const typename Net::T* u, typename Net::Tape& tape,
                       typename Net::CView loss_hvp, typename Net::CView loss_grad, typename Net::T* hu,
                       typename Net::View x_bar) {
  using B = typename Net::Backend;
  net.tangent_backward(p, u, tape, loss_hvp, loss_grad, hu, x_bar, B::none());
}

/// H·u for D's loss L(θ) = loss.d_loss(D(x_r; θ), D(x_f; θ)) on two tapes holding D's forward
/// passes on the real and fake inputs, with dr, df the loss's gradients at those outputs (from
/// d_loss) and rb, fb scratch rows shaped like them. Adds H u to hu; writes the mixed products
/// ∂⟨∇θL, u⟩/∂x_r and ∂⟨∇θL, u⟩/∂x_f into real_bar and fake_bar (each skipped when none).
/// The loss's own curvature enters through d_loss_hvp, so losses coupled over the batch
/// (RelativisticLoss) are handled exactly.
template <class Net, class Loss>
void discriminator_loss_hvp(const Net& net, const typename Net::T* p, const typename Net::T* u, const Loss& loss,
                            const Targets& targets, typename Net::Tape& real, typename Net::Tape& fake,
                            typename Net::CView dr, typename Net::CView df, typename Net::View rb,
                            typename Net::View fb, typename Net::T* hu, typename Net::View real_bar,
                            typename Net::View fake_bar) {
  static_assert(SecondOrderLoss<Loss>,
                "discriminator_loss_hvp: the loss has no d_loss_hvp (see gantk/losses/loss.hpp)");
  using B = typename Net::Backend;
  const typename Net::CView rd = parameter_tangent(net, p, u, real);
  const typename Net::CView fd = parameter_tangent(net, p, u, fake);
  loss.template d_loss_hvp<B>(real.output(), fake.output(), rd, fd, rb, fb, targets);
  add_parameter_hvp(net, p, u, real, B::cview(rb.data(), rb.rows(), rb.cols()), dr, hu, real_bar);
  add_parameter_hvp(net, p, u, fake, B::cview(fb.data(), fb.rows(), fb.cols()), df, hu, fake_bar);
}

/// Sizes a tape's tangent buffers now (they are otherwise allocated on the first tangent pass),
/// so that second-order work inside a training step allocates nothing. Call after tape.resize.
template <class Net>
void reserve_tangents(typename Net::Tape& tape) {
  if (tape.batch < 0) return;  // no batch yet: the first tangent pass will size them
  detail::for_each_index<Net::depth>(
      [&](auto i) { tape.tangent[i].resize(Net::out_widths[i], tape.batch); });
}

}  // namespace gantk
