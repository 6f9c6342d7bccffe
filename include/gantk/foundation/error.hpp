// gantk::Error — the one exception type gantk throws, with messages that name the bad value.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace gantk {

/// Thrown for every run-time mistake gantk detects: bad shapes, bad settings, bad data,
/// non-finite losses, I/O failures. The message names what was wrong and the value seen.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

template <class... Parts>
std::string concat(Parts&&... parts) {
  std::ostringstream out;
  out.precision(8);
  (out << ... << std::forward<Parts>(parts));
  return out.str();
}

template <class... Parts>
[[noreturn]] void fail(Parts&&... parts) {
  throw Error(concat(std::forward<Parts>(parts)...));
}

}  // namespace detail
}  // namespace gantk

/// Throws gantk::Error built from the message parts when `cond` is false.
#define GANTK_CHECK(cond, ...)                     \
  do {                                             \
    if (!(cond)) ::gantk::detail::fail(__VA_ARGS__); \
  } while (false)
