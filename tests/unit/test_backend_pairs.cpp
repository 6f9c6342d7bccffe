// Minibatch discrimination's pair kernels: the register form (AVX2 / AVX-512, one register per
// block of kernels, the last block masked) against the plain loops, on kernel counts that fill
// registers exactly and that leave a partial block, with ties (sign 0) and all-zero weights.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include <gantk/backend/cpu_pairs.hpp>
#include <gantk/foundation/rng.hpp>

namespace backend_pairs {

using namespace gantk;

template <class T>
std::vector<T> random_values(Index n, Rng& rng, bool with_ties) {
  std::vector<T> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = rng.normal<T>();
  // a quarter of the values repeat their left neighbour: equal coordinates of two samples
  if (with_ties)
    for (std::size_t i = 4; i < v.size(); i += 4) v[i] = v[i - 3];
  return v;
}

template <class T>
void check_equal(const std::vector<T>& a, const std::vector<T>& b, const char* what) {
  REQUIRE(a.size() == b.size());
  double gap = 0, scale = 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    gap = std::max(gap, std::abs(static_cast<double>(a[i]) - static_cast<double>(b[i])));
    scale = std::max(scale, std::abs(static_cast<double>(b[i])));
  }
  INFO(what << ": register and plain forms differ by " << gap << " (scale " << scale << ")");
  CHECK(gap <= (sizeof(T) == 4 ? 1e-5 : 1e-12) * scale);
}

template <class T, int K, int C>
void compare_forms(Index n) {
  CAPTURE(K);
  CAPTURE(C);
  CAPTURE(n);
  namespace plain = detail::cpu::portable;
  Rng rng(K * 100 + C);
  const Index rows = K * C, pairs = n * (n - 1) / 2;
  // M with ties between samples 0 and 1 everywhere, so some pairs have sign 0 throughout
  auto mt = random_values<T>(rows * n, rng, true);
  std::copy_n(mt.begin(), rows, mt.begin() + rows);
  const auto mdt = random_values<T>(rows * n, rng, false);
  auto alpha = random_values<T>(K * n, rng, false);
  const auto beta = random_values<T>(K * n, rng, false);
  // samples 2 and 3 get α = 0 and their pair (2, 3) β-free: with HasAlpha only, its a is all zero
  std::fill_n(alpha.begin() + 2 * K, 2 * K, T(0));

  std::vector<T> c1(static_cast<std::size_t>(K * pairs)), c2 = c1;
  plain::pair_l1_exp<K, C>(c1.data(), mt.data(), n);
  detail::cpu::pair_l1_exp<K, C>(c2.data(), mt.data(), n);
  check_equal(c1, c2, "pair_l1_exp");
  for (auto& x : c1) x = std::exp(x);

  std::vector<T> o1(static_cast<std::size_t>(K * n), T(0.5)), o2 = o1;
  plain::pair_row_sums<K>(o1.data(), c1.data(), n, T(-2));
  detail::cpu::pair_row_sums<K>(o2.data(), c1.data(), n, T(-2));
  check_equal(o1, o2, "pair_row_sums");

  std::vector<T> t1(static_cast<std::size_t>(K * n), T(0.25)), t2 = t1;
  plain::pair_tangent_sums<K, C>(t1.data(), c1.data(), mt.data(), mdt.data(), n);
  detail::cpu::pair_tangent_sums<K, C>(t2.data(), c1.data(), mt.data(), mdt.data(), n);
  check_equal(t1, t2, "pair_tangent_sums");

  const auto scatter_both = [&]<bool A, bool B>(const char* what) {
    std::vector<T> s1(static_cast<std::size_t>(rows * n), T(7)), s2 = s1;  // zeroed by the kernels
    const Index k1 =
        plain::pair_scatter<K, C, A, B>(s1.data(), c1.data(), mt.data(), mdt.data(), alpha.data(), beta.data(), n);
    const Index k2 = detail::cpu::pair_scatter<K, C, A, B>(s2.data(), c1.data(), mt.data(), mdt.data(), alpha.data(),
                                                          beta.data(), n);
    CHECK(k1 == k2);
    check_equal(s1, s2, what);
    return k1;
  };
  CHECK(scatter_both.template operator()<true, true>("pair_scatter α, β") == pairs);
  CHECK(scatter_both.template operator()<true, false>("pair_scatter α") == pairs - 1);  // pair (2, 3) skipped
  CHECK(scatter_both.template operator()<false, true>("pair_scatter β") > 0);
  CHECK(scatter_both.template operator()<false, false>("pair_scatter none") == 0);
}

TEST_CASE("pair kernels: the register form computes what the plain loops compute") {
  compare_forms<float, 16, 4>(9);   // the default MinibatchDisc: whole AVX2 and AVX-512 registers
  compare_forms<float, 5, 3>(7);    // one partial block
  compare_forms<float, 20, 1>(6);   // a whole block and a partial one
  compare_forms<double, 16, 4>(9);
  compare_forms<double, 3, 2>(5);
  compare_forms<double, 11, 2>(6);
}

}  // namespace backend_pairs
