// ExperienceReplay: the discriminator also trains on fakes from earlier steps (Shrivastava,
// Pfister, Tuzel, Susskind, Wang & Webb 2017, "Learning from Simulated and Unsupervised Images
// through Adversarial Training", §2.3).
#pragma once

#include <algorithm>
#include <cmath>
#include <type_traits>

#include <gantk/foundation/error.hpp>
#include <gantk/training/hooks.hpp>
#include <gantk/training/policy.hpp>
#include <gantk/foundation/rng.hpp>
#include <gantk/training/run_types.hpp>

namespace gantk {

/// Keeps a buffer of `capacity` past fakes. In each D update a fraction `ratio` of D's fake
/// batch is replaced by fakes drawn from the buffer, then as many of the current fakes are
/// written into it (appended until it is full, then over random entries), as in the paper
/// (which uses ratio ½). D thus keeps penalising modes G visited before, so G cannot cycle
/// back to them unpunished: the "chasing" the articles describe. G's update is unchanged.
///
/// The replaced count is rounded to whole packs under PacGAN, so packs never mix old and new
/// fakes. The buffer stores clean fakes; noise strategies (DInputStage::Perturb) run after it
/// whatever the order they are listed in, so replayed fakes are noised too.
struct ExperienceReplay : Strategy {
  static constexpr DInputStage d_input_stage = DInputStage::Select;
  /// D sees fakes of earlier steps (Conditional<K> refuses this: their labels are gone).
  static constexpr bool keeps_past_fakes = true;
  Index capacity = 4096;  ///< past fakes kept
  double ratio = 0.5;     ///< fraction of D's fake batch taken from the buffer, in [0, 1]

  void validate() const {
    GANTK_CHECK(capacity > 0, "ExperienceReplay: capacity must be positive, got ", capacity);
    GANTK_CHECK(ratio >= 0 && ratio <= 1, "ExperienceReplay: ratio must lie in [0, 1], got ", ratio);
  }

  /// Fakes replaced per D update for a batch: ratio·batch rounded to whole packs.
  Index replaced(Index batch, int pack) const {
    const Index packs = static_cast<Index>(std::lround(ratio * static_cast<double>(batch / pack)));
    return std::min(packs * pack, capacity - capacity % pack);
  }

  template <class Gan>
  class Bound;
  template <class Gan>
  using bind = Bound<Gan>;
};

/// ExperienceReplay in a GAN: the buffer of past fakes, D's mixed fake batch, the slot stream.
template <class Gan>
class ExperienceReplay::Bound : public ExperienceReplay {
 public:
  /// Past fakes held now.
  Index stored() const { return stored_; }

  void seed(Rng rng) { rng_ = rng; }

  /// The buffer of past fakes, its fill and the stream that picks slots (checkpoints).
  template <class Archive>
  void serialize_state(Archive& a) {
    a.io_resizable(buffer_);
    const Index cols = buffer_.cols();
    a.require(cols == 0 || cols == capacity, "ExperienceReplay's stored buffer holds ", cols,
              " fakes, this GAN's capacity is ", capacity);
    a.io(stored_);
    a.require(stored_ >= 0 && stored_ <= cols, "ExperienceReplay claims ", stored_, " stored fakes in a buffer of ",
              cols);
    a.io(rng_);
  }

  void prepare(Index batch) {
    if (buffer_.cols() != capacity) {
      buffer_.resize(Gan::data_width, capacity);
      stored_ = 0;
    }
    mixed_.resize(Gan::data_width, batch);
  }

  template <class Step>
  void on_d_inputs(Step& step) {
    if (step.phase() != Phase::Discriminator) return;
    const Index n = step.batch();
    const Index k = replaced(n, Gan::pack);
    if (k == 0) return;
    using B = typename Step::B;
    const auto mixed = B::view(mixed_);
    const auto buffer = B::view(buffer_);
    if (stored_ >= k) {
      B::copy(mixed, step.d_fake_input());
      for (Index j = 0; j < k; ++j)
        B::copy(B::columns(mixed, j, 1),
                B::columns(B::cview(buffer), rng_.below(static_cast<std::uint32_t>(stored_)), 1));
      step.replace_d_fake_input(mixed_.data());
    }
    const auto fake = step.fake();
    for (Index j = 0; j < k; ++j) {
      const Index slot = stored_ < capacity ? stored_++ : rng_.below(static_cast<std::uint32_t>(capacity));
      B::copy(B::columns(buffer, slot, 1), B::columns(fake, n - 1 - j, 1));
    }
  }

 private:
  using Matrix = typename Gan::Matrix;
  Matrix buffer_;  // past fakes (data_width × capacity; the first stored_ columns hold some)
  Matrix mixed_;   // D's fake batch with replayed columns (data_width × batch)
  Index stored_ = 0;
  Rng rng_;
};

}  // namespace gantk
