// gantk's own bitmap font for plot text: 5 × 7 glyphs (capitals and digits) with two rows of
// descender below the baseline, printable ASCII plus the few symbols plots need (± ² σ × · —).
//
// Each glyph is drawn in the source as its rows, top to bottom, separated by spaces: '#' is ink,
// '.' is paper. Seven rows sit on the baseline; nine rows reach into the descender (g, j, p, q, y).
// The table is parsed at compile time, so a malformed glyph is a compile error.
#pragma once

#include <string>
#include <array>
#include <cstdint>
#include <string_view>

namespace gantk::io::font {

inline constexpr int glyph_width = 5;    ///< ink columns of a glyph
inline constexpr int glyph_height = 9;   ///< rows of a glyph cell, descender included
inline constexpr int cap_height = 7;     ///< rows above the baseline
inline constexpr int advance = 6;        ///< horizontal step from one glyph to the next
inline constexpr int line_height = 11;   ///< vertical step from one text line to the next

namespace detail {

struct GlyphSource {
  char32_t code;
  std::string_view rows;
};

// clang-format off
inline constexpr GlyphSource glyph_sources[] = {
  {U' ', "..... ..... ..... ..... ..... ..... ....."},
  {U'!', "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#.."},
  {U'"', ".#.#. .#.#. ..... ..... ..... ..... ....."},
  {U'#', ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#."},
  {U'$', "..#.. .#### #.#.. .###. ..#.# ####. ..#.."},
  {U'%', "##... ##..# ...#. ..#.. .#... #..## ...##"},
  {U'&', ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#"},
  {U'\'', "..#.. ..#.. ..... ..... ..... ..... ....."},
  {U'(', "...#. ..#.. .#... .#... .#... ..#.. ...#."},
  {U')', ".#... ..#.. ...#. ...#. ...#. ..#.. .#..."},
  {U'*', "..... ..#.. #.#.# .###. #.#.# ..#.. ....."},
  {U'+', "..... ..#.. ..#.. ##### ..#.. ..#.. ....."},
  {U',', "..... ..... ..... ..... ..... .##.. .##.. ..#.. .#..."},
  {U'-', "..... ..... ..... .###. ..... ..... ....."},
  {U'.', "..... ..... ..... ..... ..... .##.. .##.."},
  {U'/', "..... ....# ...#. ..#.. .#... #.... ....."},
  {U'0', ".###. #...# #..## #.#.# ##..# #...# .###."},
  {U'1', "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###."},
  {U'2', ".###. #...# ....# ...#. ..#.. .#... #####"},
  {U'3', "####. ....# ....# .###. ....# ....# ####."},
  {U'4', "...#. ..##. .#.#. #..#. ##### ...#. ...#."},
  {U'5', "##### #.... ####. ....# ....# #...# .###."},
  {U'6', "..##. .#... #.... ####. #...# #...# .###."},
  {U'7', "##### ....# ...#. ..#.. .#... .#... .#..."},
  {U'8', ".###. #...# #...# .###. #...# #...# .###."},
  {U'9', ".###. #...# #...# .#### ....# ...#. .##.."},
  {U':', "..... .##.. .##.. ..... .##.. .##.. ....."},
  {U';', "..... ..... .##.. .##.. ..... .##.. .##.. ..#.. .#..."},
  {U'<', "...#. ..#.. .#... #.... .#... ..#.. ...#."},
  {U'=', "..... ..... ##### ..... ##### ..... ....."},
  {U'>', ".#... ..#.. ...#. ....# ...#. ..#.. .#..."},
  {U'?', ".###. #...# ....# ...#. ..#.. ..... ..#.."},
  {U'@', ".###. #...# #.### #.#.# #.### #.... .####"},
  {U'A', ".###. #...# #...# ##### #...# #...# #...#"},
  {U'B', "####. #...# #...# ####. #...# #...# ####."},
  {U'C', ".###. #...# #.... #.... #.... #...# .###."},
  {U'D', "###.. #..#. #...# #...# #...# #..#. ###.."},
  {U'E', "##### #.... #.... ####. #.... #.... #####"},
  {U'F', "##### #.... #.... ####. #.... #.... #...."},
  {U'G', ".###. #...# #.... #.### #...# #...# .####"},
  {U'H', "#...# #...# #...# ##### #...# #...# #...#"},
  {U'I', ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###."},
  {U'J', "..### ...#. ...#. ...#. ...#. #..#. .##.."},
  {U'K', "#...# #..#. #.#.. ##... #.#.. #..#. #...#"},
  {U'L', "#.... #.... #.... #.... #.... #.... #####"},
  {U'M', "#...# ##.## #.#.# #.#.# #...# #...# #...#"},
  {U'N', "#...# #...# ##..# #.#.# #..## #...# #...#"},
  {U'O', ".###. #...# #...# #...# #...# #...# .###."},
  {U'P', "####. #...# #...# ####. #.... #.... #...."},
  {U'Q', ".###. #...# #...# #...# #.#.# #..#. .##.#"},
  {U'R', "####. #...# #...# ####. #.#.. #..#. #...#"},
  {U'S', ".#### #.... #.... .###. ....# ....# ####."},
  {U'T', "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#.."},
  {U'U', "#...# #...# #...# #...# #...# #...# .###."},
  {U'V', "#...# #...# #...# #...# #...# .#.#. ..#.."},
  {U'W', "#...# #...# #...# #.#.# #.#.# #.#.# .#.#."},
  {U'X', "#...# #...# .#.#. ..#.. .#.#. #...# #...#"},
  {U'Y', "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#.."},
  {U'Z', "##### ....# ...#. ..#.. .#... #.... #####"},
  {U'[', ".###. .#... .#... .#... .#... .#... .###."},
  {U'\\', "..... #.... .#... ..#.. ...#. ....# ....."},
  {U']', ".###. ...#. ...#. ...#. ...#. ...#. .###."},
  {U'^', "..#.. .#.#. #...# ..... ..... ..... ....."},
  {U'_', "..... ..... ..... ..... ..... ..... ..... ##### ....."},
  {U'`', ".#... ..#.. ..... ..... ..... ..... ....."},
  {U'a', "..... ..... .###. ....# .#### #...# .####"},
  {U'b', "#.... #.... #.##. ##..# #...# #...# ####."},
  {U'c', "..... ..... .###. #.... #.... #...# .###."},
  {U'd', "....# ....# .##.# #..## #...# #...# .####"},
  {U'e', "..... ..... .###. #...# ##### #.... .###."},
  {U'f', "..##. .#..# .#... ###.. .#... .#... .#..."},
  {U'g', "..... ..... .#### #...# #...# #..## .##.# ....# .###."},
  {U'h', "#.... #.... #.##. ##..# #...# #...# #...#"},
  {U'i', "..#.. ..... .##.. ..#.. ..#.. ..#.. .###."},
  {U'j', "...#. ..... ..##. ...#. ...#. ...#. ...#. #..#. .##.."},
  {U'k', "#.... #.... #..#. #.#.. ##... #.#.. #..#."},
  {U'l', ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###."},
  {U'm', "..... ..... ##.#. #.#.# #.#.# #.#.# #...#"},
  {U'n', "..... ..... #.##. ##..# #...# #...# #...#"},
  {U'o', "..... ..... .###. #...# #...# #...# .###."},
  {U'p', "..... ..... ####. #...# #...# #...# ####. #.... #...."},
  {U'q', "..... ..... .#### #...# #...# #...# .#### ....# ....#"},
  {U'r', "..... ..... #.##. ##..# #.... #.... #...."},
  {U's', "..... ..... .###. #.... .###. ....# ####."},
  {U't', ".#... .#... ###.. .#... .#... .#..# ..##."},
  {U'u', "..... ..... #...# #...# #...# #..## .##.#"},
  {U'v', "..... ..... #...# #...# #...# .#.#. ..#.."},
  {U'w', "..... ..... #...# #...# #.#.# #.#.# .#.#."},
  {U'x', "..... ..... #...# .#.#. ..#.. .#.#. #...#"},
  {U'y', "..... ..... #...# #...# #...# #...# .#### ....# .###."},
  {U'z', "..... ..... ##### ...#. ..#.. .#... #####"},
  {U'{', "...#. ..#.. ..#.. .#... ..#.. ..#.. ...#."},
  {U'|', "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#.."},
  {U'}', ".#... ..#.. ..#.. ...#. ..#.. ..#.. .#..."},
  {U'~', "..... ..... .#... #.#.# ...#. ..... ....."},
  {U'\u00b1', "..#.. ..#.. ##### ..#.. ..#.. ..... #####"},   // ±
  {U'\u00b2', ".##.. #..#. ..#.. .#... ####. ..... ....."},   // ² (MMD²)
  {U'\u00b7', "..... ..... ..... .##.. .##.. ..... ....."},   // ·
  {U'\u00d7', "..... #...# .#.#. ..#.. .#.#. #...# ....."},   // ×
  {U'\u03c3', "..... ..... .#### #..#. #...# #...# .###."},   // σ
  {U'\u2014', "..... ..... ..... ##### ..... ..... ....."},   // —
  {U'\u2212', "..... ..... ..... .###. ..... ..... ....."},   // − (minus sign)
  {U'\ufffd', "##### #...# #...# #...# #...# #...# #####"},   // anything else: an empty box
};
// clang-format on

inline constexpr std::size_t glyph_count = sizeof(glyph_sources) / sizeof(glyph_sources[0]);

/// One glyph as bit rows: bit (glyph_width − 1 − x) of rows[y] is the pixel at column x.
struct Glyph {
  char32_t code = 0;
  std::array<std::uint8_t, glyph_height> rows{};
};

// A throw in a constant expression stops compilation; the message tells which rule broke.
consteval Glyph parse(const GlyphSource& src) {
  Glyph g{src.code, {}};
  int row = 0, col = 0;
  for (char ch : src.rows) {
    if (ch == ' ') {
      if (col != glyph_width) throw "bitmap_font: a glyph row is not 5 columns wide";
      ++row, col = 0;
      continue;
    }
    if (ch != '#' && ch != '.') throw "bitmap_font: glyph rows may hold only '#' and '.'";
    if (row >= glyph_height || col >= glyph_width) throw "bitmap_font: a glyph is larger than 5 x 9";
    if (ch == '#') g.rows[static_cast<std::size_t>(row)] |= static_cast<std::uint8_t>(1u << (glyph_width - 1 - col));
    ++col;
  }
  if (col != glyph_width) throw "bitmap_font: a glyph row is not 5 columns wide";
  if (row + 1 != cap_height && row + 1 != glyph_height) throw "bitmap_font: a glyph has 7 rows (or 9 with descender)";
  return g;
}

consteval std::array<Glyph, glyph_count> parse_all() {
  std::array<Glyph, glyph_count> out{};
  for (std::size_t i = 0; i < glyph_count; ++i) out[i] = parse(glyph_sources[i]);
  return out;
}

inline constexpr std::array<Glyph, glyph_count> glyphs = parse_all();

}  // namespace detail

/// The glyph for a code point; characters outside the font get the empty box (U+FFFD).
constexpr const detail::Glyph& glyph(char32_t code) {
  for (const auto& g : detail::glyphs)
    if (g.code == code) return g;
  return detail::glyphs[detail::glyph_count - 1];
}

/// Whether pixel (x, y) of the glyph's cell is ink (x < glyph_width, y < glyph_height).
constexpr bool ink(const detail::Glyph& g, int x, int y) {
  return x >= 0 && y >= 0 && x < glyph_width && y < glyph_height &&
         ((g.rows[static_cast<std::size_t>(y)] >> (glyph_width - 1 - x)) & 1u) != 0;
}

/// Decodes UTF-8 text into code points; a malformed byte becomes U+FFFD.
inline std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    int extra = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size()) {  // bad lead byte or cut short
      out.push_back(U'\ufffd');
      ++i;
      continue;
    }
    char32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((c & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (c & 0x3F);
    }
    out.push_back(ok ? cp : U'\ufffd');
    i += ok ? static_cast<std::size_t>(extra) + 1 : 1;
  }
  return out;
}

/// Width in pixels of one line of text at an integer scale (no trailing gap).
inline int text_width(std::string_view text, int scale = 1) {
  const auto n = static_cast<int>(decode_utf8(text).size());
  return n == 0 ? 0 : (n * advance - (advance - glyph_width)) * scale;
}

/// Height in pixels of one line of text at an integer scale, descender included.
constexpr int text_height(int scale = 1) { return glyph_height * scale; }

}  // namespace gantk::io::font
