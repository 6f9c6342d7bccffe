// A GAN's step buffers (its tapes of D's passes), for tests that build a step's data by hand.
// The GAN declares detail::StepBuffersAccess its friend and leaves it undefined: only the tests
// define it, so the buffers are not part of the library's interface.
#pragma once

#include <gantk/gantk.hpp>

namespace gantk::detail {
template <class Gan>
struct StepBuffersAccess {
  static auto& of(Gan& gan) { return gan.ws_; }
};
}  // namespace gantk::detail

namespace gantk::test {
template <class Gan>
auto& step_buffers(Gan& gan) {
  return detail::StepBuffersAccess<Gan>::of(gan);
}
}  // namespace gantk::test
