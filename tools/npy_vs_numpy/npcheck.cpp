// The gantk side of tools/npy_vs_numpy/check.py: loads .npy files and prints their values, or writes two.
#include <gantk/io/npy.hpp>
#include <cstdio>
#include <string>
// usage: npcheck load FILE...  (prints "N d v00 v01 ..." in NumPy's row order) | npcheck save FILE
int main(int argc, char** argv) {
  const std::string mode = argv[1];
  if (mode == "save") {
    gantk::HostMatrix<float> m(3, 4);  // 4 samples of width 3: sample i feature j = 10 i + j + 0.5
    for (int i = 0; i < 4; ++i) for (int j = 0; j < 3; ++j) m(j, i) = 10.0f * i + j + 0.5f;
    gantk::io::save_npy(argv[2], m);
    gantk::HostMatrix<double> d = m.cast<double>() * 0.1;
    gantk::io::save_npy(argv[3], d);
    return 0;
  }
  for (int k = 2; k < argc; ++k) {
    try {
      const auto a = gantk::io::read_npy_file<double>(argv[k]);
      std::printf("%s %llu %llu", argv[k], (unsigned long long)a.header.rows, (unsigned long long)a.header.cols);
      for (gantk::Index i = 0; i < a.values.cols(); ++i) for (gantk::Index j = 0; j < a.values.rows(); ++j) std::printf(" %.17g", a.values(j, i));
      std::printf("\n");
    } catch (const gantk::Error& e) { std::printf("%s ERROR %s\n", argv[k], e.what()); }
  }
}
