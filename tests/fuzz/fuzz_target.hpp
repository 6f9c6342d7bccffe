// What a loader's fuzz target is: valid inputs to start from, and a check that runs one input
// through the loader. The check returns when the input loaded and everything it verified holds;
// it lets gantk::Error through for an input it rejects, and throws FuzzFinding when something
// that must hold does not (a loaded array whose size disagrees with its header or its file).
// Any other exception, or a sanitizer report, is a finding too.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gantk::fuzz {

/// A property of a loaded input that did not hold.
struct FuzzFinding : std::logic_error {
  using std::logic_error::logic_error;
};

inline void require(bool property, const char* what) {
  if (!property) throw FuzzFinding(what);
}

/// One loader under test. Adding a loader: write <name>_fuzz_target.hpp with a function that
/// returns its FuzzTarget, and list it in fuzz_loaders.cpp (and, for long runs, a libFuzzer file).
struct FuzzTarget {
  std::string name;
  std::vector<std::string> seeds;             ///< valid inputs the mutations start from
  void (*check)(std::string_view input);      ///< in memory: fast enough for 10^5 inputs
  void (*check_file)(const std::string& path, std::string_view input) = nullptr;  ///< the same through a file
};

}  // namespace gantk::fuzz
