// The progress display of fit(): a one-line bar on a terminal, plain periodic lines otherwise.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

namespace gantk {

enum class Progress {
  Auto,    ///< a bar when the stream is a terminal, periodic lines otherwise
  Bar,     ///< always the bar (\r-updated line)
  Lines,   ///< one plain line every ~10 % of the run
  Silent,  ///< nothing
};

namespace detail {

inline bool stream_is_terminal(const std::ostream& out) {
#if defined(__unix__) || defined(__APPLE__)
  if (&out == &std::cerr || &out == &std::clog) return ::isatty(2) != 0;
  if (&out == &std::cout) return ::isatty(1) != 0;
#else
  (void)out;
#endif
  return false;
}

inline std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  const long s = static_cast<long>(seconds + 0.5);
  std::ostringstream o;
  if (s >= 3600) o << s / 3600 << ':' << std::setw(2) << std::setfill('0') << (s / 60) % 60;
  else o << s / 60;
  o << ':' << std::setw(2) << std::setfill('0') << s % 60;
  return o.str();
}

/// Draws progress for a run of `total` steps; update() is cheap when nothing is due.
class ProgressDisplay {
 public:
  ProgressDisplay(Progress mode, long total, std::ostream& out, std::string label = {})
      : out_(out), total_(total), label_(std::move(label)), start_(clock::now()), last_draw_(start_) {
    if (mode == Progress::Auto) mode = stream_is_terminal(out) ? Progress::Bar : Progress::Lines;
    mode_ = mode;
    line_every_ = total_ >= 10 ? total_ / 10 : 1;
  }

  double elapsed() const { return std::chrono::duration<double>(clock::now() - start_).count(); }

  void update(long done, double d_loss, double g_loss) {
    update_with(done, [&] { return gan_losses(d_loss, g_loss); });
  }
  void finish(long done, double d_loss, double g_loss) {
    finish_with(done, [&] { return gan_losses(d_loss, g_loss); });
  }

  /// As update(), with the figures after the rate given by values() (called only when drawing).
  template <class Values>
  void update_with(long done, Values values) {
    if (mode_ == Progress::Silent) return;
    if (mode_ == Progress::Lines) {
      if (done % line_every_ == 0 || done == total_) line(done, values());
      return;
    }
    const auto now = clock::now();
    if (done != total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    bar(done, values());
  }

  template <class Values>
  void finish_with(long done, Values values) {
    if (mode_ == Progress::Silent) return;
    if (mode_ == Progress::Bar) {
      bar(done, values());
      out_ << '\n' << std::flush;
    } else if (done % line_every_ != 0 && done != total_) {
      line(done, values());
    }
  }

 private:
  using clock = std::chrono::steady_clock;

  static std::string gan_losses(double d_loss, double g_loss) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(4) << "D " << d_loss << "  G " << g_loss;
    return o.str();
  }

  std::string stats(long done, const std::string& values) const {
    const double t = elapsed();
    const double rate = t > 0 ? static_cast<double>(done) / t : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : NAN;
    std::ostringstream o;
    o << std::fixed << std::setprecision(0) << rate << " steps/s  " << values << "  ";
    o << (done == total_ ? "took " + format_duration(t) : "ETA " + format_duration(eta));
    return o.str();
  }

  void bar(long done, const std::string& values) {
    constexpr int width = 24;
    const double frac = total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
    const int filled = static_cast<int>(frac * width);
    std::string b(static_cast<std::size_t>(width), ' ');
    for (int i = 0; i < filled; ++i) b[static_cast<std::size_t>(i)] = '=';
    if (filled < width) b[static_cast<std::size_t>(filled)] = '>';
    out_ << '\r' << (label_.empty() ? "" : label_ + " ") << '[' << b << "] " << std::setw(3)
         << static_cast<int>(frac * 100) << "% " << done << '/' << total_ << "  " << stats(done, values) << "\x1b[K" << std::flush;
  }

  void line(long done, const std::string& values) {
    out_ << (label_.empty() ? "" : label_ + " ") << "step " << done << '/' << total_ << "  "
         << stats(done, values) << '\n'
         << std::flush;
  }

  std::ostream& out_;
  Progress mode_ = Progress::Lines;
  long total_;
  long line_every_ = 1;
  std::string label_;
  clock::time_point start_, last_draw_;
};

}  // namespace detail
}  // namespace gantk
