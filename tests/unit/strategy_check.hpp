// Helpers for strategy tests: batches for a hand-made step, and a central-difference
// check of the gradient a G-side term (g_penalty or g_objective) writes into ctx.fake_grad.
#pragma once

#include <doctest/doctest.h>

#include <functional>

#include <gantk/gantk.hpp>

#include "context_batch.hpp"
#include "gradcheck.hpp"

namespace gantk::test {

/// Real, latent and fake (of standard deviation fake_scale) batches, drawn in that order.
template <class Gan>
struct ContextData : ContextBatch<Gan> {
  ContextData(Index batch, Rng& rng, double fake_scale = 1.0) {
    this->real = this->normal(Gan::data_width, batch, rng);
    this->z = this->normal(Gan::latent_width, batch, rng);
    this->fake = this->normal(Gan::data_width, batch, rng, fake_scale);
    this->fake_grad = ContextBatch<Gan>::M::Zero(Gan::data_width, batch);
  }
};

/// Checks that `term()` (a G-side hook on `data`, which returns a value and writes or adds its
/// gradient with respect to the fakes into data.fake_grad, starting from zero) agrees with
/// central differences of its value.
template <class Gan, class Term>
void check_fake_gradient(Gan&, ContextData<Gan>& data, Term term, double tol = 1e-6) {
  data.fake_grad.setZero();
  const double value = term();
  CHECK(std::isfinite(value));
  const Md analytic = data.fake_grad;
  const Md keep = data.fake;
  const auto f = [&](const Md& fake) {
    data.fake = fake;
    data.fake_grad.setZero();
    return term();
  };
  const Md numeric = numeric_gradient(keep, f);
  data.fake = keep;
  check_close(analytic, numeric, tol, "gradient with respect to the fakes");
}

}  // namespace gantk::test
