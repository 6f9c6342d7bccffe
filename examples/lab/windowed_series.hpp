// WindowedSeries: a per-step quantity kept as the means of consecutive windows of steps.
#pragma once

#include <string>
#include <utility>

#include "run.hpp"

namespace lab {

/// Sums a quantity over windows of `every` steps and keeps the window means, so a long run
/// gives a readable curve and a short one still has points.
class WindowedSeries {
 public:
  WindowedSeries(std::string name, long every) : every_(every < 1 ? 1 : every) { series_.name = std::move(name); }
  void add(long step, double value) {
    sum_ += value, ++count_;
    if (count_ == every_) flush(step);
  }
  /// Closes a partial last window (a run stopped early or steps not a multiple of `every`).
  TimeSeries finish(long step) {
    if (count_ > 0) flush(step);
    return std::move(series_);
  }

 private:
  void flush(long step) {
    series_.step.push_back(static_cast<double>(step));
    series_.value.push_back(sum_ / static_cast<double>(count_));
    sum_ = 0, count_ = 0;
  }
  long every_;
  double sum_ = 0;
  long count_ = 0;
  TimeSeries series_;
};

}  // namespace lab
