// The checkpoint format refuses every bad input with a typed error and leaves the GAN alone:
// truncation at every length, every flipped byte, another GAN type, a newer version, a FIFO.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <gantk/gantk.hpp>

using namespace gantk;
namespace fs = std::filesystem;
using Kind = CheckpointError::Kind;
using Bytes = std::vector<unsigned char>;

namespace {
using Arch = MLP<Latent<2>, Data<2>, Hidden<8>>;
using Small = GAN<Arch, NonSaturatingLoss, ExperienceReplay>;
using Other = GAN<Arch, NonSaturatingLoss, InstanceNoise>;

Small trained(std::uint64_t seed, int steps) {
  Small gan{{.seed = seed}, ExperienceReplay{.capacity = 8}};
  const auto ring = data::Ring{}.dataset();
  for (int s = 0; s < steps; ++s) gan.train_step(ring, 4);
  return gan;
}

Kind kind_of(Small& gan, const Bytes& b) {
  try {
    io::load_checkpoint_bytes(gan, b.data(), b.size());
  } catch (const CheckpointError& e) {
    return e.kind();
  }
  FAIL("the bytes were accepted");
  return Kind::Corrupt;
}

fs::path temp_file(const char* name) { return fs::temp_directory_path() / (std::to_string(::getpid()) + name); }
}  // namespace

TEST_CASE("checkpoint bytes: a round trip restores the whole state") {
  Small a = trained(1, 5);
  Small b{{.seed = 2}, ExperienceReplay{.capacity = 8}};
  CHECK(io::checkpoint_bytes(a) != io::checkpoint_bytes(b));
  const Bytes bytes = io::checkpoint_bytes(a);
  REQUIRE(io::try_load_checkpoint_bytes(b, bytes.data(), bytes.size()));
  CHECK(io::checkpoint_bytes(b) == bytes);
  CHECK(b.steps() == 5);
  CHECK(b.strategy<ExperienceReplay>().stored() == 8);
}

TEST_CASE("checkpoint bytes: truncated at every length is Truncated, and the GAN is unchanged") {
  const Bytes good = io::checkpoint_bytes(trained(1, 3));
  Small gan = trained(7, 1);
  const Bytes before = io::checkpoint_bytes(gan);
  for (std::size_t n = 0; n < good.size(); ++n) {
    const Bytes cut(good.begin(), good.begin() + static_cast<long>(n));
    CAPTURE(n);
    CHECK(kind_of(gan, cut) == Kind::Truncated);
  }
  CHECK(io::checkpoint_bytes(gan) == before);
}

TEST_CASE("checkpoint bytes: every flipped byte is refused, and the GAN is unchanged") {
  const Bytes good = io::checkpoint_bytes(trained(1, 3));
  Small gan = trained(7, 1);
  const Bytes before = io::checkpoint_bytes(gan);
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (const unsigned char mask : {0x01, 0x80}) {
      Bytes bad = good;
      bad[i] ^= mask;
      const Kind k = kind_of(gan, bad);
      CAPTURE(i);
      if (i < 8) CHECK(k == Kind::NotACheckpoint);
      else if (i >= 8 && i < 12 && mask == 0x80) CHECK(k == Kind::NewerVersion);  // version 2^k + 1
      else if (i >= 12) CHECK(k == Kind::Corrupt);
    }
  }
  CHECK(io::checkpoint_bytes(gan) == before);
}

TEST_CASE("checkpoint bytes: another GAN type, a newer version, another capacity, garbage") {
  Small gan = trained(1, 2);
  Other other{{.seed = 1}};
  const Bytes theirs = io::checkpoint_bytes(other);
  CHECK(kind_of(gan, theirs) == Kind::WrongType);
  CHECK_THROWS_WITH_AS(io::load_checkpoint_bytes(gan, theirs.data(), theirs.size()),
                       doctest::Contains("another GAN type"), CheckpointError);

  Bytes newer = io::checkpoint_bytes(gan);
  const std::uint32_t v2 = 2;
  std::memcpy(newer.data() + 8, &v2, 4);
  CHECK(kind_of(gan, newer) == Kind::NewerVersion);
  CHECK_THROWS_WITH_AS(io::load_checkpoint_bytes(gan, newer.data(), newer.size()),
                       doctest::Contains("format version 2 is newer than this gantk's 1"), CheckpointError);

  // same type, other settings: the stored replay buffer does not fit
  Small bigger{{.seed = 1}, ExperienceReplay{.capacity = 16}};
  const Bytes mine = io::checkpoint_bytes(gan);
  CHECK(kind_of(bigger, mine) == Kind::Corrupt);
  CHECK_THROWS_WITH_AS(io::load_checkpoint_bytes(bigger, mine.data(), mine.size()),
                       doctest::Contains("buffer holds 8 fakes, this GAN's capacity is 16"), CheckpointError);

  const Bytes text = {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'};
  CHECK(kind_of(gan, text) == Kind::NotACheckpoint);
}

TEST_CASE("checkpoint bytes: random mutations never crash and never load half") {
  const Bytes good = io::checkpoint_bytes(trained(1, 3));
  Small gan = trained(7, 1);
  const Bytes before = io::checkpoint_bytes(gan);
  Rng rng(42);
  int accepted = 0;
  for (int t = 0; t < 3000; ++t) {
    Bytes b = good;
    const int edits = 1 + static_cast<int>(rng.below(4));
    for (int e = 0; e < edits; ++e) {
      const auto at = rng.below(static_cast<std::uint32_t>(b.size()));
      switch (rng.below(3)) {
        case 0: b[at] = static_cast<unsigned char>(rng.below(256)); break;
        case 1: b.erase(b.begin() + at); break;
        default: b.insert(b.begin() + at, static_cast<unsigned char>(rng.below(256)));
      }
    }
    if (io::try_load_checkpoint_bytes(gan, b.data(), b.size())) {
      ++accepted;  // only an edit that changed nothing (a byte set to its own value) may load
      CHECK(b == good);
      io::load_checkpoint_bytes(gan, before.data(), before.size());
    }
  }
  CHECK(io::checkpoint_bytes(gan) == before);
  CHECK(accepted < 100);
}

TEST_CASE("checkpoint files: save, load, a missing file, a FIFO, a folder") {
  const auto path = temp_file("_gantk.ckpt").string();
  Small a = trained(1, 4);
  a.save_checkpoint(path);
  Small b{{.seed = 3}, ExperienceReplay{.capacity = 8}};
  b.load_checkpoint(path);
  CHECK(io::checkpoint_bytes(b) == io::checkpoint_bytes(a));
  fs::remove(path);
  CHECK_THROWS_WITH_AS(b.load_checkpoint(path), doctest::Contains("no such file"), Error);
  const auto fifo = temp_file("_gantk.fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH_AS(b.load_checkpoint(fifo), doctest::Contains("not a regular file"), Error);  // never blocks
  fs::remove(fifo);
  CHECK_THROWS_WITH_AS(b.load_checkpoint(fs::temp_directory_path().string()), doctest::Contains("not a regular file"),
                       Error);
}

// ---- divergence ----

TEST_CASE("learning rates are validated where they are set") {
  Small gan{{.seed = 1}};
  for (const double bad : {std::nan(""), double(INFINITY), -1e-3, 0.0}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(gan.g_optimizer().set_learning_rate(bad), doctest::Contains("positive and finite, got"), Error);
    CHECK_THROWS_AS(Small({.seed = 1, .d_optimizer = SGD{.lr = bad}}), Error);
  }
  CHECK_THROWS_WITH_AS(gan.d_optimizer().set_learning_rate(-2), doctest::Contains("got -2"), Error);
  CHECK(gan.g_optimizer().learning_rate() == 1e-4);
}

TEST_CASE("divergence (SGD lr 1e8): the failed step is rolled back, named, and training goes on") {
  Small gan{{.seed = 5, .g_optimizer = SGD{.lr = 1e-3}, .d_optimizer = SGD{.lr = 1e-3}}, ExperienceReplay{.capacity = 8}};
  const auto ring = data::Ring{}.dataset();
  for (int s = 0; s < 3; ++s) gan.train_step(ring, 4);
  gan.g_optimizer().set_learning_rate(1e8);
  gan.d_optimizer().set_learning_rate(1e8);
  bool diverged = false;
  for (int s = 0; s < 20 && !diverged; ++s) {
    const Bytes before = io::checkpoint_bytes(gan);
    const long steps = gan.steps();
    try {
      gan.train_step(ring, 4);
    } catch (const DivergenceError& e) {
      diverged = true;
      CHECK(e.step() == steps);
      CHECK(gan.steps() == steps);
      CHECK(io::checkpoint_bytes(gan) == before);  // exactly as after the last good step
      CHECK((e.network() == "discriminator" || e.network() == "generator"));
      const std::string what = e.what();
      CHECK(what.find("at step " + std::to_string(steps + 1)) != std::string::npos);
      CHECK(what.find("non-finite " + e.network()) != std::string::npos);
      CHECK(what.find("rolled back (steps() = " + std::to_string(steps) + ")") != std::string::npos);
    }
  }
  REQUIRE(diverged);
}

TEST_CASE("divergence in the first step at a huge rate: D's update is undone too, and training goes on") {
  Small gan{{.seed = 5, .g_optimizer = SGD{.lr = 1e-3}, .d_optimizer = SGD{.lr = 1e-3}}, ExperienceReplay{.capacity = 8}};
  const auto ring = data::Ring{}.dataset();
  for (int s = 0; s < 3; ++s) gan.train_step(ring, 4);
  const Bytes before = io::checkpoint_bytes(gan);
  gan.g_optimizer().set_learning_rate(1e30);
  gan.d_optimizer().set_learning_rate(1e30);
  CHECK_THROWS_AS(gan.train_step(ring, 4), DivergenceError);
  gan.g_optimizer().set_learning_rate(1e-3);
  gan.d_optimizer().set_learning_rate(1e-3);
  CHECK(io::checkpoint_bytes(gan) == before);
  for (int s = 0; s < 5; ++s) gan.train_step(ring, 4);
  CHECK(gan.steps() == 8);
  CHECK(gan.generator().params.allFinite());
}

TEST_CASE("fit: OnDivergence::RollbackAndReduceLr goes back to the last checkpoint with a lower rate") {
  const auto path = temp_file("_gantk_fit.ckpt").string();
  Small gan{{.seed = 5, .g_optimizer = SGD{.lr = 1e-3}, .d_optimizer = SGD{.lr = 1e-3}}, ExperienceReplay{.capacity = 8}};
  const auto ring = data::Ring{}.dataset();
  FitOptions options{.steps = 4, .batch = 4, .progress = Progress::Silent};
  options.checkpoint_every = 2;
  options.checkpoint_path = path;
  gan.fit(ring, options);
  const Bytes at4 = io::checkpoint_bytes(gan);
  gan.g_optimizer().set_learning_rate(1e8);
  gan.d_optimizer().set_learning_rate(1e8);
  // without the option the divergence is rethrown
  Small copy{{.seed = 9}, ExperienceReplay{.capacity = 8}};
  io::load_checkpoint_bytes(copy, at4.data(), at4.size());
  copy.g_optimizer().set_learning_rate(1e8);
  copy.d_optimizer().set_learning_rate(1e8);
  CHECK_THROWS_AS(copy.fit(ring, FitOptions{.steps = 20, .batch = 4, .progress = Progress::Silent}), DivergenceError);

  options.steps = 20;
  options.on_divergence = OnDivergence::RollbackAndReduceLr;
  options.lr_factor = 1e-5;
  const FitReport report = gan.fit(ring, options);
  CHECK(report.rollbacks >= 1);
  CHECK(gan.steps() == 24);
  CHECK(gan.g_optimizer().learning_rate() <= 1e8 * 1e-5);
  CHECK(gan.generator().params.allFinite());
  CHECK(gan.discriminator().params.allFinite());
  fs::remove(path);
  CHECK_THROWS_WITH_AS(gan.fit(ring, FitOptions{.steps = 1, .batch = 4, .progress = Progress::Silent,
                                                .checkpoint_every = 5}),
                       doctest::Contains("checkpoint_path is empty"), Error);
}
