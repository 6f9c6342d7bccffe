// A std::ostream that hands whole lines to a shared sink under a lock, so that progress lines
// of runs on several threads never interleave mid-line.
#pragma once

#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>

namespace lab {

class LineSink {
 public:
  explicit LineSink(std::ostream& out) : out_(out) {}
  void write_line(const std::string& line) {
    const std::lock_guard lock(mutex_);
    out_ << line << std::flush;
  }

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

class LineBuffer : public std::streambuf {
 public:
  explicit LineBuffer(LineSink& sink) : sink_(sink) {}
  ~LineBuffer() override {
    if (!line_.empty()) sink_.write_line(line_ + '\n');
  }

 protected:
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    line_ += traits_type::to_char_type(ch);
    if (ch == '\n') {
      sink_.write_line(line_);
      line_.clear();
    }
    return ch;
  }

 private:
  LineSink& sink_;
  std::string line_;
};

/// An ostream whose complete lines go to `sink` atomically.
class LineStream : public std::ostream {
 public:
  explicit LineStream(LineSink& sink) : std::ostream(nullptr), buffer_(sink) { rdbuf(&buffer_); }

 private:
  LineBuffer buffer_;
};

}  // namespace lab
