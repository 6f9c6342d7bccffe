// Color: an opaque sRGB colour, 8 bits per channel.
#pragma once

#include <cstdint>

namespace gantk::plot {

struct Color {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Color&, const Color&) = default;
};

}  // namespace gantk::plot
