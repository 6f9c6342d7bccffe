// DivergenceError and OnDivergence: what a training step reports when it diverges, and what
// fit() does about it.
#pragma once

#include <string>
#include <utility>

#include <gantk/foundation/error.hpp>

namespace gantk {

/// Thrown by train_step() when a loss, a penalty, the parameters or an optimizer's moments
/// became NaN or Inf. The step has been rolled back: the GAN is exactly as after step `step()`
/// (steps() == step()), and training may go on, e.g. with a lower learning rate.
class DivergenceError : public Error {
 public:
  DivergenceError(long last_good_step, std::string network, const std::string& what)
      : Error(what), step_(last_good_step), network_(std::move(network)) {}
  /// The last good step, which the GAN is back at.
  long step() const { return step_; }
  /// "generator" or "discriminator".
  const std::string& network() const { return network_; }

 private:
  long step_;
  std::string network_;
};

/// What fit() does when a step diverges.
enum class OnDivergence {
  Throw,                ///< rethrow the DivergenceError (the GAN stays at the last good step)
  RollbackAndReduceLr,  ///< reload the checkpoint at FitOptions::checkpoint_path (fit's last, or
                        ///< the resumed run's; the last good step when there is none), lower
                        ///< both learning rates by lr_factor per rollback since it was written,
                        ///< carry on
};

}  // namespace gantk
