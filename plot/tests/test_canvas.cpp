// Pixel-level checks of the image, the canvas and text drawn through Cairo.
#include <doctest/doctest.h>

#include <string>

#include <gantk_plot/canvas.hpp>
#include <gantk_plot/font.hpp>
#include <gantk_plot/image.hpp>

using namespace gantk::plot;

namespace {
const Color white{255, 255, 255}, black{0, 0, 0}, red{220, 20, 20};
const Font text_font{11}, big_font{22};

int count_not(const Image& im, Color background, Rect r) {
  int n = 0;
  for (int y = r.y; y < r.bottom(); ++y)
    for (int x = r.x; x < r.right(); ++x)
      if (im.contains(x, y) && !(im.at(x, y) == background)) ++n;
  return n;
}
int count_not(const Image& im, Color background) { return count_not(im, background, {0, 0, im.width(), im.height()}); }
Rect grown(Rect r, int by) { return {r.x - by, r.y - by, r.w + 2 * by, r.h + 2 * by}; }
}  // namespace

TEST_CASE("Image: background, bounds and deep copies") {
  Image im(4, 3, red);
  CHECK(im.width() == 4);
  CHECK(im.height() == 3);
  CHECK(im.at(3, 2) == red);
  CHECK(count_not(im, red) == 0);
  Image copy = im;
  im.fill(white);
  CHECK(copy.at(0, 0) == red);  // the copy has its own pixels
  CHECK(im.at(0, 0) == white);
  CHECK_THROWS_AS(im.at(4, 0), gantk::Error);
  CHECK_THROWS_AS(Image(0, 3), gantk::Error);
}

TEST_CASE("Canvas: a disc covers its centre pixel and nothing beyond its radius") {
  Image im(40, 40, white);
  Canvas c(im);
  c.disc(20.5, 10.5, 3.0, red);  // centred on pixel (20, 10)
  CHECK(im.at(20, 10) == red);
  CHECK(im.at(21, 10) == red);
  CHECK(im.at(20, 15) == white);  // 5 px away
  CHECK(im.at(25, 10) == white);
  // area π r² ≈ 28 pixels, plus a rim of partly covered ones
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

TEST_CASE("Canvas: a ring leaves its inside empty; a stroked rectangle only its border") {
  Image im(60, 60, white);
  Canvas c(im);
  c.ring(30, 30, 20, black, 1.0);
  CHECK(im.at(30, 30) == white);
  CHECK(!(im.at(49, 29) == white));  // on the circle, right side
  CHECK(!(im.at(29, 10) == white));  // top
  Image box(20, 10, white);
  Canvas b(box);
  b.stroke_rect({0, 0, 20, 10}, red);
  CHECK(count_not(box, white) == 2 * 20 + 2 * 8);
  CHECK(box.at(0, 0) == red);
  CHECK(box.at(19, 9) == red);
  CHECK(box.at(10, 5) == white);
}

TEST_CASE("Canvas: paste copies another image's pixels to its place") {
  Image im(30, 30, white);
  Canvas c(im);
  c.paste(Image(5, 4, red), 10, 20);
  CHECK(count_not(im, white) == 20);
  CHECK(im.at(10, 20) == red);
  CHECK(im.at(14, 23) == red);
  CHECK(im.at(15, 23) == white);
}

TEST_CASE("fonts: widths grow with the text and the size; a line has room for descenders") {
  CHECK(text_width("", text_font) == 0);
  const int one = text_width("m", text_font), two = text_width("mm", text_font);
  CHECK(one > 2);
  CHECK(two >= 2 * one - 1);
  CHECK(two <= 2 * one + 1);
  CHECK(text_width("mm", big_font) >= 2 * two - 2);
  const FontMetrics m = font_metrics(text_font);
  CHECK(m.cap_height > 4);
  CHECK(m.cap_height < m.ascent);
  CHECK(m.descent > 0);
  CHECK(text_height(text_font) == m.height());
}

TEST_CASE("fit_text: keeps what fits, shortens the rest with an ellipsis") {
  CHECK(fit_text("short", 200, text_font) == "short");
  const std::string long_text = "σ a rather long line of text that needs much more room than it gets";
  const std::string fitted = fit_text(long_text, 120, text_font);
  CHECK(fitted.size() < long_text.size());
  CHECK(fitted.ends_with("..."));
  CHECK(long_text.starts_with(fitted.substr(0, fitted.size() - 3)));
  CHECK(text_width(fitted, text_font) <= 120);
}

TEST_CASE("Canvas: text inks pixels inside its box only, and a larger font inks more") {
  int previous_ink = 0;
  for (const Font& font : {text_font, big_font}) {
    Image im(240, 80, white);
    Canvas c(im);
    const Rect box = c.text(120, 40, "Mode 7g", black, font, Align::Center, VAlign::Middle);
    CHECK(box.w == text_width("Mode 7g", font));
    CHECK(box.h == text_height(font));
    CHECK(box.x == 120 - box.w / 2);
    const int ink = count_not(im, white, grown(box, 1));
    CHECK(ink > 20);
    CHECK(count_not(im, white) == ink);  // nothing beyond the box (a pixel of anti-aliasing aside)
    // the descender of 'g' reaches below the baseline
    const FontMetrics m = font_metrics(font);
    CHECK(count_not(im, white, {box.x, box.y + m.ascent + 1, box.w, m.descent}) > 0);
    // Middle puts the capitals' middle on the anchor: ink just above and just below it
    CHECK(count_not(im, white, {box.x, 40 - m.cap_height / 2, box.w, 2}) > 0);
    CHECK(count_not(im, white, {box.x, 40 + m.cap_height / 2 - 2, box.w, 2}) > 0);
    CHECK(ink > previous_ink);
    previous_ink = ink;
  }
}

TEST_CASE("Canvas: right-aligned text ends at its anchor; vertical text is tall, not wide") {
  Image im(160, 160, white);
  Canvas c(im);
  const Rect r = c.text(100, 5, "12.5", black, text_font, Align::Right);
  CHECK(r.right() == 100);
  CHECK(count_not(im, white, {101, 0, 59, 30}) == 0);
  CHECK(count_not(im, white, r) > 10);
  const Rect v = c.text_vertical(20, 80, "loss curve", black, text_font);
  CHECK(v.h == text_width("loss curve", text_font));
  CHECK(v.w == text_height(text_font));
  CHECK(v.h > 2 * v.w);
  CHECK(count_not(im, white, v) > 20);
  CHECK(count_not(im, white, {0, 30, 50, 130}) == count_not(im, white, grown(v, 1)));
}

TEST_CASE("Canvas: text takes its colour") {
  Image im(100, 40, white);
  Canvas c(im);
  c.text(5, 5, "HHHH", red, big_font);
  int solid = 0;
  for (int y = 0; y < im.height(); ++y)
    for (int x = 0; x < im.width(); ++x) solid += im.at(x, y) == red;
  CHECK(solid > 20);  // the stems of the H's are whole pixels of the colour
}
