// How many OpenMP threads fit() gives each training step. On a machine whose other cores are busy
// (another training run, a build), a step split over several threads waits at every barrier for a
// thread the scheduler has not run yet: 2 threads measured 6-60× slower than 1 on a loaded 2-core
// machine. fit() therefore times one thread and all, keeps the faster, probing again from time to time as the
// load changes. gantk's kernels give the same results for every thread count (each output is
// computed by one thread, in one order), so the choice changes the speed, never the numbers.
#pragma once

#include <algorithm>
#include <array>

#include <gantk/foundation/error.hpp>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace gantk::detail {

/// The choice itself, fed with step times: no clock, no OpenMP, so that tests can drive it.
/// Cycle: `probe_steps` steps on one thread, then as many on all threads (the first step of each
/// is not counted: it may pay for the switch), the faster per-step median kept for `hold_steps`
/// steps or `hold_seconds`, whichever is longer, then a new probe. A step on all threads slower
/// than `give_up` times one thread's median ends that probe at once: under load such steps take
/// up to seconds (threads waiting at barriers for a core), and one is enough to know.
class ThreadChoice {
 public:
  static constexpr int probe_steps = 5;
  static constexpr long hold_steps = 200;
  static constexpr double hold_seconds = 10.0;
  static constexpr double give_up = 3.0;

  /// `most`: the thread count to try beside 1 (OpenMP's maximum); `fixed` > 0 pins the count.
  ThreadChoice(int most, int fixed) : most_(std::max(1, most)), fixed_(fixed) {
    GANTK_CHECK(fixed >= 0, "fit: threads must be ≥ 0 (0: chosen by fit), got ", fixed);
  }

  /// Threads for the next step.
  int next() const {
    if (fixed_ > 0) return fixed_;
    if (most_ == 1) return 1;
    switch (phase_) {
      case Phase::ProbeOne: return 1;
      case Phase::ProbeMost: return most_;
      default: return chosen_;
    }
  }

  /// The wall time of the step just run with next() threads.
  void record(double seconds) {
    if (fixed_ > 0 || most_ == 1) return;
    switch (phase_) {
      case Phase::ProbeOne:
        if (probe(seconds)) {
          one_median_ = median();
          phase_ = Phase::ProbeMost;
        }
        break;
      case Phase::ProbeMost:
        if (seconds > give_up * one_median_) {
          seen_ = kept_ = 0;
          hold(1);
        } else if (probe(seconds)) {
          hold(median() < one_median_ ? most_ : 1);
        }
        break;
      case Phase::Hold:
        ++held_steps_;
        held_seconds_ += seconds;
        if (held_steps_ >= hold_steps && held_seconds_ >= hold_seconds) phase_ = Phase::ProbeOne;
        break;
    }
  }

  /// The thread count the last probe chose (all threads before the first probe ends).
  int chosen() const { return fixed_ > 0 ? fixed_ : chosen_; }

 private:
  enum class Phase { ProbeOne, ProbeMost, Hold };

  // one probe step; true when the probe is complete (its first step is not kept)
  bool probe(double seconds) {
    if (seen_++ > 0) times_[static_cast<std::size_t>(kept_++)] = seconds;
    if (kept_ < probe_steps - 1) return false;
    seen_ = kept_ = 0;
    return true;
  }
  double median() {
    auto t = times_;
    auto mid = t.begin() + (probe_steps - 1) / 2;
    std::nth_element(t.begin(), mid, t.end());
    return *mid;
  }
  void hold(int threads) {
    chosen_ = threads;
    phase_ = Phase::Hold;
    held_steps_ = 0;
    held_seconds_ = 0;
  }

  int most_, fixed_;
  int chosen_ = most_;
  Phase phase_ = Phase::ProbeOne;
  std::array<double, probe_steps - 1> times_{};
  int seen_ = 0, kept_ = 0;
  double one_median_ = 0;
  long held_steps_ = 0;
  double held_seconds_ = 0;
};

/// fit()'s use of a ThreadChoice: sets OpenMP's thread count before each step and restores the
/// caller's when fit() returns (or throws).
class StepThreads {
 public:
  explicit StepThreads(int fixed) : choice_(max_threads(), fixed), original_(max_threads()) {}
  ~StepThreads() { set(original_); }
  StepThreads(const StepThreads&) = delete;
  StepThreads& operator=(const StepThreads&) = delete;

  void before_step() { set(last_ = choice_.next()); }
  void after_step(double seconds) { choice_.record(seconds); }
  /// The thread count of the last step (0 before any).
  int last() const { return last_; }

 private:
  static int max_threads() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
  }
  static void set([[maybe_unused]] int n) {
#ifdef _OPENMP
    omp_set_num_threads(n);
#endif
  }

  ThreadChoice choice_;
  int original_;
  int last_ = 0;
};

}  // namespace gantk::detail
