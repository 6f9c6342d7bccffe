// expect: NpyScalar
// load_npy reads float32 and float64 files into float or double matrices only.
#include <gantk/io/npy.hpp>
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Scalar = double;
#else
using Scalar = int;
#endif
int main() { return static_cast<int>(gantk::io::load_npy<Scalar>("x.npy").size()); }
