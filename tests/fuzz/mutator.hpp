// A seeded, deterministic byte mutator for the fuzz harness: bit flips, interesting bytes,
// insertions, deletions, truncation, splices, and edits aimed at text headers (numbers swapped
// for boundary values, quoted fields replaced, length fields rewritten).
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace gantk::fuzz {

/// SplitMix64: a tiny generator whose sequence is the same on every platform and library.
class FuzzRng {
 public:
  explicit FuzzRng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform enough in [0, n) for fuzzing; n > 0.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed) {}

  /// One to four mutations of `base`; `other` supplies splices.
  std::string mutate(std::string s, std::string_view other) {
    const std::size_t n = 1 + rng_.below(4);
    for (std::size_t i = 0; i < n; ++i) mutate_once(s, other);
    return s;
  }

  FuzzRng& rng() { return rng_; }

 private:
  std::size_t pos(const std::string& s) { return s.empty() ? 0 : rng_.below(s.size()); }

  std::string number() {
    static const char* const numbers[] = {"0", "1", "2", "255", "65535", "65536", "2147483647", "2147483648",
                                          "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
                                          "18446744073709551615", "18446744073709551616", "200000000", "-1", "-0",
                                          "2.5", "1e3", "abc", "0x10", "", " ", "3L", "1,", "(", ")"};
    const std::size_t k = rng_.below(std::size(numbers) + 2);
    if (k == std::size(numbers)) return std::to_string(rng_.next() >> rng_.below(64));
    if (k == std::size(numbers) + 1) return std::string(1 + rng_.below(rng_.below(100) == 0 ? 70000 : 40), '9');
    return numbers[k];
  }

  std::string quoted() {
    static const char* const texts[] = {"<f4", "<f8", ">f4", ">f8", "<i4", "|u1", "f4", "<f2", "<c8", "=f8", "",
                                        "descr", "shape", "fortran_order", "'", "\\", "<f4\n", "\x80\xff"};
    const std::size_t k = rng_.below(std::size(texts) + 1);
    if (k == std::size(texts)) return std::string(1 + rng_.below(rng_.below(100) == 0 ? 60000 : 30), '7');
    return texts[k];
  }

  // Replaces the run of digits (or of quoted text) around a random position.
  void replace_token(std::string& s, bool digits) {
    if (s.empty()) return;
    std::size_t p = pos(s), tries = 0;
    const auto wanted = [&](char c) { return digits ? (c >= '0' && c <= '9') : c == '\''; };
    while (!wanted(s[p]) && tries++ < s.size()) p = (p + 1) % s.size();
    if (!wanted(s[p])) return;
    if (digits) {
      std::size_t b = p, e = p;
      while (b > 0 && s[b - 1] >= '0' && s[b - 1] <= '9') --b;
      while (e < s.size() && s[e] >= '0' && s[e] <= '9') ++e;
      s.replace(b, e - b, number());
    } else {
      const std::size_t e = s.find('\'', p + 1);
      if (e == std::string::npos) return;
      s.replace(p + 1, e - p - 1, quoted());
    }
  }

  // Rewrites the header length so that it points at the first '\n' (keeps edited headers readable).
  void fix_header_length(std::string& s) {
    if (s.size() < 12) return;
    const std::size_t prelude = (s[6] == 2 || s[6] == 3) ? 12 : 10;
    const std::size_t nl = s.find('\n', prelude);
    if (nl == std::string::npos) return;
    const std::size_t length = nl + 1 - prelude;
    for (std::size_t i = 0; i < prelude - 8; ++i) s[8 + i] = static_cast<char>((length >> (8 * i)) & 0xff);
  }

  void mutate_once(std::string& s, std::string_view other) {
    static const unsigned char interesting[] = {0, 1, 2, 3, 0x7f, 0x80, 0x81, 0xfe, 0xff, '(', ')', ',', ':', '\'',
                                                '"', '{', '}', ' ', '\n', '-', '.', '0', '9', 'L'};
    switch (rng_.below(14)) {
      case 0:  // flip a bit
        if (!s.empty()) s[pos(s)] ^= static_cast<char>(1u << rng_.below(8));
        break;
      case 1:  // an interesting byte
        if (!s.empty()) s[pos(s)] = static_cast<char>(interesting[rng_.below(std::size(interesting))]);
        break;
      case 2:  // random bytes inserted
        s.insert(s.empty() ? 0 : pos(s), std::string(1 + rng_.below(8), static_cast<char>(rng_.next())));
        break;
      case 3:  // a range deleted
        if (!s.empty()) {
          const std::size_t p = pos(s);
          s.erase(p, 1 + rng_.below(std::min<std::size_t>(16, s.size() - p)));
        }
        break;
      case 4:  // truncated
        s.resize(pos(s));
        break;
      case 5:  // bytes appended
        s.append(1 + rng_.below(64), static_cast<char>(rng_.next()));
        break;
      case 6:  // a header length byte (or a version byte) set to a boundary value
        if (s.size() > 11) s[6 + rng_.below(6)] = static_cast<char>(interesting[rng_.below(9)]);
        break;
      case 7:
      case 8:  // a number in the text replaced, the length kept consistent
        replace_token(s, true);
        fix_header_length(s);
        break;
      case 9:  // a quoted field replaced
        replace_token(s, false);
        fix_header_length(s);
        break;
      case 10:  // True <-> False, or a version byte changed
        if (const auto t = s.find("True"); t != std::string::npos && rng_.below(2)) {
          s.replace(t, 4, "False");
        } else if (const auto f = s.find("False"); f != std::string::npos && rng_.below(2)) {
          s.replace(f, 5, "True");
        } else if (s.size() > 7) {
          s[6] = static_cast<char>(rng_.below(5));
        }
        fix_header_length(s);
        break;
      case 11:  // a splice from another input
        if (!other.empty()) {
          const std::size_t b = rng_.below(other.size());
          s.insert(s.empty() ? 0 : pos(s), other.substr(b, 1 + rng_.below(std::min<std::size_t>(64, other.size() - b))));
        }
        break;
      case 12:  // a piece of the input duplicated (repeated keys, longer shapes)
        if (!s.empty()) {
          const std::size_t b = pos(s);
          s.insert(pos(s), s.substr(b, 1 + rng_.below(24)));
          if (rng_.below(2)) fix_header_length(s);
        }
        break;
      default:  // the data made longer or shorter by whole elements
        if (rng_.below(2))
          s.append(4 * (1 + rng_.below(4)), static_cast<char>(rng_.next()));
        else
          s.resize(s.size() - std::min<std::size_t>(s.size(), 4 * (1 + rng_.below(4))));
        break;
    }
  }

  FuzzRng rng_;
};

}  // namespace gantk::fuzz
