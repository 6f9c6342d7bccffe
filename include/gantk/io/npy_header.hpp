// The .npy header: a strict parser for the prelude (magic, version, header length) and the
// Python-literal dictionary that follows it ({'descr': '<f4', 'fortran_order': False, 'shape': (N, d), }).
//
// Only what gantk reads is accepted: float32 or float64 in either byte order, 1-d or 2-d, C or
// Fortran order. Every number is checked for overflow, and nothing is allocated from a size the
// header claims: callers compare NpyHeader::data_bytes with the bytes they actually have.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <gantk/foundation/error.hpp>

namespace gantk::io {

/// What the header of a .npy file says, once validated.
struct NpyHeader {
  int version = 1;                    ///< major format version: 1, 2 or 3
  std::uint64_t data_offset = 0;      ///< bytes before the data: prelude + dictionary + padding
  int word = 4;                       ///< bytes per element: 4 (float32) or 8 (float64)
  bool big_endian = false;            ///< '>' in descr: elements are byte-swapped on little-endian hosts
  bool fortran_order = false;         ///< the (N, d) array is stored column by column
  int rank = 2;                       ///< 1 for (N,), 2 for (N, d)
  std::uint64_t rows = 0;             ///< N, the number of samples
  std::uint64_t cols = 1;             ///< d, the width of a sample (1 for a 1-d array)
  std::uint64_t data_bytes = 0;       ///< rows · cols · word, overflow-checked
};

namespace detail {

inline constexpr std::string_view npy_magic{"\x93NUMPY", 6};
/// Longest dictionary accepted: NumPy writes about 120 bytes for the arrays gantk reads; its own
/// reader stops at 10,000 by default. The bound keeps a corrupt length from sizing a buffer.
inline constexpr std::uint64_t npy_max_dictionary_bytes = 1 << 16;
/// Longest text quoted back in a message, so a 60,000-character field does not flood it.
inline constexpr std::size_t npy_quote_limit = 24;

inline std::string npy_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text.substr(0, npy_quote_limit)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  out += "'";
  if (text.size() > npy_quote_limit) out += gantk::detail::concat("... (", text.size(), " characters)");
  return out;
}

/// Reads the Python literal dictionary of a .npy header, one token at a time (no recursion, no
/// regular expressions: the input is untrusted).
class NpyDictionaryParser {
 public:
  NpyDictionaryParser(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  void parse(NpyHeader& h) {
    skip_space();
    expect('{', "the dictionary does not start with '{'");
    bool have_descr = false, have_order = false, have_shape = false;
    for (;;) {
      skip_space();
      if (peek() == '}') break;
      const std::string_view key = string_literal("a key");
      skip_space();
      expect(':', gantk::detail::concat("no ':' after the key ", npy_quote(key)));
      skip_space();
      if (key == "descr") {
        once(have_descr, key);
        descr(string_literal("the value of 'descr'"), h);
      } else if (key == "fortran_order") {
        once(have_order, key);
        h.fortran_order = boolean();
      } else if (key == "shape") {
        once(have_shape, key);
        shape(h);
      } else {
        fail("unknown key ", npy_quote(key), " (expected 'descr', 'fortran_order' and 'shape')");
      }
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') break;
      fail("expected ',' or '}' after the value of ", npy_quote(key), ", found ", found());
    }
    ++pos_;  // the '}'
    if (!have_descr) fail("the key 'descr' is missing");
    if (!have_order) fail("the key 'fortran_order' is missing");
    if (!have_shape) fail("the key 'shape' is missing");
    // NumPy pads with spaces up to a newline; nothing else may follow the dictionary.
    skip_space();
    if (pos_ != text_.size()) fail("unexpected ", found(), " after the dictionary");
  }

 private:
  template <class... Parts>
  [[noreturn]] void fail(Parts&&... parts) const {
    gantk::detail::fail("load_npy: ", source_, ": invalid header: ", std::forward<Parts>(parts)...);
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  std::string found() const {
    return pos_ < text_.size() ? npy_quote(text_.substr(pos_, 1)) + " at byte " + std::to_string(pos_)
                               : std::string("the end of the header");
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  void expect(char c, const std::string& what) {
    if (peek() != c || pos_ >= text_.size()) fail(what, " (found ", found(), ")");
    ++pos_;
  }
  void once(bool& seen, std::string_view key) {
    if (seen) fail("the key ", npy_quote(key), " appears twice");
    seen = true;
  }

  /// A Python string literal in single or double quotes, without escapes (NumPy writes none).
  std::string_view string_literal(const char* what) {
    const char q = peek();
    if (q != '\'' && q != '"') fail("expected ", what, " as a quoted string, found ", found());
    const std::size_t begin = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != q) {
      if (text_[pos_] == '\n') fail(what, " has no closing quote");
      if (text_[pos_] == '\\') fail(what, " contains a backslash escape, which .npy headers do not use");
      ++pos_;
    }
    if (pos_ >= text_.size()) fail(what, " has no closing quote");
    return text_.substr(begin, pos_++ - begin);
  }

  void descr(std::string_view d, NpyHeader& h) const {
    if (d == "<f4" || d == ">f4") {
      h.word = 4;
    } else if (d == "<f8" || d == ">f8") {
      h.word = 8;
    } else {
      fail("dtype ", npy_quote(d), " is not supported (expected float32 or float64: '<f4', '<f8', '>f4' or '>f8')");
    }
    h.big_endian = d[0] == '>';
  }

  bool boolean() {
    const std::string_view rest = text_.substr(pos_);
    if (rest.starts_with("True")) {
      pos_ += 4;
      return true;
    }
    if (rest.starts_with("False")) {
      pos_ += 5;
      return false;
    }
    fail("'fortran_order' must be True or False, found ", found());
  }

  /// A non-negative decimal integer that fits in an Index (so that an Eigen matrix can hold it).
  std::uint64_t dimension() {
    const std::size_t begin = pos_;
    if (peek() == '-') fail("the shape has a negative dimension");
    std::uint64_t v = 0;
    constexpr auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::ptrdiff_t>::max());
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const auto digit = static_cast<std::uint64_t>(text_[pos_] - '0');
      if (v > (limit - digit) / 10) {
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        fail("the shape's dimension ", npy_quote(text_.substr(begin, pos_ - begin)), " is too large (at most ", limit,
             ")");
      }
      v = v * 10 + digit;
      ++pos_;
    }
    if (pos_ == begin) fail("the shape must hold non-negative integers, found ", found());
    if (peek() == '.' || peek() == 'e' || peek() == 'E' || peek() == 'x')
      fail("the shape must hold non-negative integers, found ", npy_quote(text_.substr(begin, pos_ + 1 - begin)));
    return v;
  }

  void shape(NpyHeader& h) {
    expect('(', "'shape' must be a tuple such as (N, d)");
    std::uint64_t dims[2] = {0, 1};
    int rank = 0;
    bool trailing_comma = false;
    for (;;) {
      skip_space();
      if (peek() == ')') break;
      if (rank == 2) fail("the shape has more than 2 dimensions; expected (N, d) or (N,)");
      dims[rank++] = dimension();
      skip_space();
      trailing_comma = peek() == ',';
      if (trailing_comma) {
        ++pos_;
        continue;
      }
      if (peek() != ')') fail("expected ',' or ')' in the shape, found ", found());
    }
    ++pos_;
    if (rank == 0) fail("the shape () is a 0-d array; expected (N, d) or (N,)");
    if (rank == 1 && !trailing_comma) fail("the shape (", dims[0], ") is not a tuple; a 1-d shape is written (", dims[0], ",)");
    h.rank = rank;
    h.rows = dims[0];
    h.cols = rank == 2 ? dims[1] : 1;
  }

  std::string_view text_, source_;
  std::size_t pos_ = 0;
};

}  // namespace detail

/// Bytes needed to know the header's full length: magic (6), version (2) and the length field
/// (2 bytes in version 1, 4 in versions 2 and 3).
inline constexpr std::size_t npy_prelude_bytes = 12;

/// Reads the prelude and returns the offset of the data (prelude + dictionary + padding).
/// `prefix` holds the first bytes of the file (at most npy_prelude_bytes are looked at).
/// @throws gantk::Error naming `source` on a bad magic, an unknown version or an implausible length.
inline NpyHeader parse_npy_prelude(std::string_view prefix, std::string_view source) {
  using gantk::detail::fail;
  if (prefix.size() < 10 || prefix.substr(0, 6) != detail::npy_magic)
    fail("load_npy: ", source, ": not a .npy file (it does not start with \\x93NUMPY)");
  NpyHeader h;
  const auto major = static_cast<unsigned char>(prefix[6]), minor = static_cast<unsigned char>(prefix[7]);
  if (major < 1 || major > 3 || minor != 0)
    fail("load_npy: ", source, ": .npy format version ", int(major), ".", int(minor),
         " is not supported (expected 1.0, 2.0 or 3.0)");
  h.version = major;
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  if (prefix.size() < 8 + length_bytes) fail("load_npy: ", source, ": the file ends inside the header");
  std::uint64_t length = 0;  // unsigned little-endian, whatever the sign of char
  for (std::size_t i = 0; i < length_bytes; ++i)
    length |= static_cast<std::uint64_t>(static_cast<unsigned char>(prefix[8 + i])) << (8 * i);
  if (length > detail::npy_max_dictionary_bytes)
    fail("load_npy: ", source, ": the header claims ", length, " bytes of dictionary; at most ",
         detail::npy_max_dictionary_bytes, " are accepted");
  h.data_offset = 8 + length_bytes + length;
  return h;
}

/// Parses the whole header (`header` = the file's first NpyHeader::data_offset bytes, as given
/// by parse_npy_prelude) and computes the size of the data, checked for overflow.
/// @throws gantk::Error naming `source` and the field that is wrong.
inline NpyHeader parse_npy_header(std::string_view header, std::string_view source) {
  NpyHeader h = parse_npy_prelude(header, source);
  if (header.size() != h.data_offset)
    gantk::detail::fail("load_npy: ", source, ": the header is ", h.data_offset, " bytes long but ", header.size(),
                        " are present");
  const std::size_t dict_begin = h.version == 1 ? 10 : 12;
  detail::NpyDictionaryParser(header.substr(dict_begin), source).parse(h);
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t elements = h.cols == 0 || h.rows <= max / h.cols ? h.rows * h.cols : 0;
  const bool fits = (h.cols == 0 || h.rows <= max / h.cols) && elements <= max / static_cast<std::uint64_t>(h.word) &&
                    elements <= static_cast<std::uint64_t>(std::numeric_limits<std::ptrdiff_t>::max());
  if (!fits)
    gantk::detail::fail("load_npy: ", source, ": the shape (", h.rows, ", ", h.cols, ") has more elements than memory can hold");
  h.data_bytes = elements * static_cast<std::uint64_t>(h.word);
  return h;
}

}  // namespace gantk::io
