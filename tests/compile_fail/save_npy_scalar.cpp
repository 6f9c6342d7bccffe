// expect: save_npy writes float or double matrices
// An integer matrix has no .npy dtype that load_npy reads back.
#include <gantk/io/npy.hpp>
#ifdef GANTK_COMPILE_FAIL_CONTROL
using Values = Eigen::MatrixXf;
#else
using Values = Eigen::MatrixXi;
#endif
int main() { gantk::io::save_npy("x.npy", Values::Zero(2, 2)); }
