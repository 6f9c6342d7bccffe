#include <doctest/doctest.h>

#include <gantk/gantk.hpp>

using namespace gantk;

namespace {
using Bf = CpuBackend<float>;
using L = DropoutLayer<Bf, 50, 0.3>;
}  // namespace

TEST_CASE("Dropout: train mode drops at the rate and keeps the mean (inverted scaling)") {
  const L layer;
  L::Cache c;
  c.resize(400);
  const Bf::Matrix x = Bf::Matrix::Ones(50, 400);
  Bf::Matrix y(50, 400);
  Rng rng(1);
  layer.forward(nullptr, nullptr, Bf::cview(x), Bf::view(y), c, Pass{Mode::Train, &rng});
  const double dropped = double((y.array() == 0).count()) / double(y.size());
  CHECK(dropped == doctest::Approx(0.3).epsilon(0.05));    // 20000 draws
  CHECK(y.mean() == doctest::Approx(1.0).epsilon(0.03));
  int other = 0;
  for (Index i = 0; i < y.size(); ++i)
    if (y.data()[i] != 0.0f && std::abs(y.data()[i] - 1 / 0.7f) > 1e-6f) ++other;
  CHECK(other == 0);  // every element dropped or scaled by 1/(1 − rate)
  // the same stream gives the same mask; another position another one
  Rng again(1);
  Bf::Matrix y2(50, 400);
  layer.forward(nullptr, nullptr, Bf::cview(x), Bf::view(y2), c, Pass{Mode::Train, &again});
  CHECK(y == y2);
  layer.forward(nullptr, nullptr, Bf::cview(x), Bf::view(y2), c, Pass{Mode::Train, &again});
  CHECK(y != y2);
}

TEST_CASE("Dropout: eval mode is the identity and needs no random stream; train mode without one is an error") {
  const L layer;
  L::Cache c;
  c.resize(3);
  const Bf::Matrix x = Bf::Matrix::Random(50, 3);
  Bf::Matrix y(50, 3);
  layer.forward(nullptr, nullptr, Bf::cview(x), Bf::view(y), c, Pass{Mode::Eval, nullptr});
  CHECK(y == x);
  CHECK_THROWS_WITH_AS(layer.forward(nullptr, nullptr, Bf::cview(x), Bf::view(y), c, Pass{Mode::Train, nullptr}),
                       doctest::Contains("random stream"), Error);
}

TEST_CASE("HiddenDropout: training is reproducible from the seed and differs from training without it") {
  using Arch = MLP<Latent<2>, Data<2>, Hidden<16, 16>>;
  using Gan = GAN<Arch, NonSaturatingLoss, HiddenDropout<0.5>>;
  const auto ring = data::Ring{}.dataset();
  Gan a{{.seed = 5}}, b{{.seed = 5}};
  GAN<Arch, NonSaturatingLoss> plain{{.seed = 5}};
  for (int s = 0; s < 5; ++s) a.train_step(ring, 32), b.train_step(ring, 32), plain.train_step(ring, 32);
  CHECK(a.discriminator().params == b.discriminator().params);
  CHECK(a.generator().params == b.generator().params);
  CHECK(a.generator().params != plain.generator().params);
  // D has the same parameters as without dropout (dropout has none)
  static_assert(Gan::DNet::param_count == decltype(plain)::DNet::param_count);
}
