// Op: whether a matrix product uses an operand as stored (N) or transposed (T).
#pragma once

namespace gantk {

enum class Op { N, T };

}  // namespace gantk
