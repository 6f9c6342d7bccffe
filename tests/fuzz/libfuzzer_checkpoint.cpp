// libFuzzer entry for the checkpoint loader, for long runs by hand (CMake option GANTK_LIBFUZZER, clang):
//   gantk_fuzz_loaders --write-seeds corpus && gantk_libfuzz_checkpoint corpus/checkpoint -max_total_time=600
// A FuzzFinding or any exception other than gantk::Error aborts, which libFuzzer reports.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "checkpoint_fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    gantk::fuzz::check_checkpoint(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const gantk::Error&) {
    // rejected with a message: the expected outcome for bad input
  } catch (const std::exception& e) {
    std::fprintf(stderr, "finding: %s\n", e.what());
    std::abort();
  }
  return 0;
}
