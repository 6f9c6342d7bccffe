// Pixel-level checks of the image, the canvas and the bitmap font.
#include <doctest/doctest.h>

#include <string>

#include <gantk/io/bitmap_font.hpp>
#include <gantk/io/canvas.hpp>
#include <gantk/io/image.hpp>

using namespace gantk::io;

namespace {
const Color white{255, 255, 255}, black{0, 0, 0}, red{220, 20, 20};

int count_not(const Image& im, Color background, Rect r) {
  int n = 0;
  for (int y = r.y; y < r.bottom(); ++y)
    for (int x = r.x; x < r.right(); ++x)
      if (im.contains(x, y) && !(im.at(x, y) == background)) ++n;
  return n;
}
int count_not(const Image& im, Color background) { return count_not(im, background, {0, 0, im.width(), im.height()}); }
}  // namespace

TEST_CASE("Image: set, blend and bounds") {
  Image im(4, 3, white);
  CHECK(im.at(3, 2) == white);
  im.set(1, 2, red);
  CHECK(im.at(1, 2) == red);
  im.set(-1, 0, red);  // outside: ignored
  im.set(4, 0, red);
  CHECK(count_not(im, white) == 1);
  im.blend(0, 0, black, 0.5);
  CHECK(im.at(0, 0).r == doctest::Approx(127.5).epsilon(0.01));
  CHECK_THROWS_AS(im.at(4, 0), gantk::Error);
  CHECK_THROWS_AS(Image(0, 3), gantk::Error);
}

TEST_CASE("Canvas: a disc covers its centre pixel and nothing beyond its radius") {
  Image im(40, 40, white);
  Canvas c(im);
  c.disc(20.5, 10.5, 3.0, red);  // centred on pixel (20, 10)
  CHECK(im.at(20, 10) == red);
  CHECK(im.at(22, 10) == red);
  CHECK(im.at(20, 15) == white);  // 5 px away
  CHECK(im.at(25, 10) == white);
  // area ≈ π r²: coverage-weighted count lies near 28
  const int n = count_not(im, white);
  CHECK(n >= 28);
  CHECK(n <= 45);
}

TEST_CASE("Canvas: clipping keeps shapes inside the clip rectangle") {
  Image im(30, 30, white);
  Canvas c(im);
  c.clip({10, 10, 10, 10});
  c.fill_rect({0, 0, 30, 30}, black);
  CHECK(count_not(im, white) == 100);
  CHECK(im.at(9, 15) == white);
  CHECK(im.at(10, 15) == black);
  c.clip_all();
  c.line(0.5, 0.5, 29.5, 0.5, red, 1.0);
  CHECK(im.at(15, 0) == red);
}

TEST_CASE("Canvas: a horizontal line is as wide as asked") {
  Image im(50, 20, white);
  Canvas c(im);
  c.line(5, 10, 45, 10, black, 2.0);  // covers rows 9 and 10 exactly
  CHECK(im.at(25, 9) == black);
  CHECK(im.at(25, 10) == black);
  CHECK(im.at(25, 8) == white);
  CHECK(im.at(25, 11) == white);
}

TEST_CASE("Canvas: a ring leaves its inside empty") {
  Image im(60, 60, white);
  Canvas c(im);
  c.ring(30, 30, 20, black, 1.0);
  CHECK(im.at(30, 30) == white);
  CHECK(!(im.at(49, 29) == white));  // on the circle, right side
  CHECK(!(im.at(29, 10) == white));  // top
}

TEST_CASE("bitmap font: every printable ASCII glyph has ink, the space has none") {
  for (char ch = '!'; ch <= '~'; ++ch) {
    const auto& g = font::glyph(static_cast<char32_t>(ch));
    CHECK_MESSAGE(g.code == static_cast<char32_t>(ch), "no glyph for '", ch, "'");
    int ink = 0;
    for (int y = 0; y < font::glyph_height; ++y)
      for (int x = 0; x < font::glyph_width; ++x) ink += font::ink(g, x, y);
    CHECK_MESSAGE(ink > 0, "glyph '", ch, "' is empty");
  }
  const auto& space = font::glyph(U' ');
  for (int y = 0; y < font::glyph_height; ++y)
    for (int x = 0; x < font::glyph_width; ++x) CHECK(!font::ink(space, x, y));
}

TEST_CASE("bitmap font: glyphs that look alike differ") {
  const char* pairs[][2] = {{"0", "O"}, {"1", "l"}, {"1", "I"}, {"5", "S"}, {"8", "B"}, {"2", "Z"}, {"g", "q"}};
  for (auto& p : pairs) CHECK_MESSAGE(font::glyph(static_cast<char32_t>(p[0][0])).rows !=
                                          font::glyph(static_cast<char32_t>(p[1][0])).rows,
                                      p[0], " and ", p[1], " are drawn the same");
}

TEST_CASE("bitmap font: UTF-8 decoding and unknown characters") {
  CHECK(font::decode_utf8("a±σ") == std::u32string{U'a', U'\u00b1', U'\u03c3'});
  CHECK(font::decode_utf8("\xff") == std::u32string{U'\ufffd'});
  CHECK(font::decode_utf8("\xc3") == std::u32string{U'\ufffd'});  // cut short
  CHECK(font::glyph(U'\u4e2d').code == U'\ufffd');               // not in the font: the box
  CHECK(font::text_width("", 1) == 0);
  CHECK(font::text_width("ab", 1) == font::advance + font::glyph_width);
  CHECK(font::text_width("±", 2) == 2 * font::glyph_width);
}

TEST_CASE("Canvas: text inks pixels only inside its box, and the box grows with the scale") {
  for (int scale : {1, 2, 3}) {
    Image im(200, 60, white);
    Canvas c(im);
    const Rect box = c.text(100, 30, "Mode 7g", black, scale, Align::Center, VAlign::Middle);
    CHECK(box.w == font::text_width("Mode 7g", scale));
    CHECK(box.h == font::text_height(scale));
    CHECK(box.x == 100 - box.w / 2);
    const int inside = count_not(im, white, box);
    CHECK(inside > 10 * scale * scale);
    CHECK(count_not(im, white) == inside);  // nothing outside the box
    // the descender of 'g' reaches below the baseline
    CHECK(count_not(im, white, {box.x, box.y + font::cap_height * scale, box.w, 2 * scale}) > 0);
  }
}

TEST_CASE("Canvas: right-aligned text ends at its anchor; vertical text is tall, not wide") {
  Image im(120, 120, white);
  Canvas c(im);
  const Rect r = c.text(100, 5, "12.5", black, 1, Align::Right);
  CHECK(r.right() == 100);
  CHECK(count_not(im, white, {100, 0, 20, 20}) == 0);
  const Rect v = c.text_vertical(20, 60, "loss", black, 1);
  CHECK(v.h == font::text_width("loss", 1));
  CHECK(v.w == font::text_height(1));
  CHECK(count_not(im, white, v) > 0);
  CHECK(count_not(im, white, {0, 0, 40, 120}) == count_not(im, white, v));
}
