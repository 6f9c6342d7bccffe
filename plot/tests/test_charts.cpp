// Plots: ticks, the data-to-pixel map, and where the scatter plot and line chart put things.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include <gantk_plot/axes.hpp>
#include <gantk_plot/line_chart.hpp>
#include <gantk_plot/panel_grid.hpp>
#include <gantk_plot/scatter_plot.hpp>
#include <gantk_plot/ticks.hpp>

using namespace gantk::plot;

namespace {
bool near_colour(Color a, Color b, int tolerance) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}
int count_colour(const Image& im, Color c, Rect r, int tolerance = 40) {
  int n = 0;
  for (int y = r.y; y < r.bottom(); ++y)
    for (int x = r.x; x < r.right(); ++x) n += im.contains(x, y) && near_colour(im.at(x, y), c, tolerance);
  return n;
}
}  // namespace

TEST_CASE("nice_ticks: steps of 1, 2 or 5 times a power of ten, inside the range") {
  const Ticks a = nice_ticks(-1.3, 1.3, 5);
  CHECK(a.step == doctest::Approx(0.5));
  REQUIRE(a.values.size() == 5);
  CHECK(a.values.front() == doctest::Approx(-1.0));
  CHECK(a.values[2] == 0.0);  // exactly zero, not -1e-17
  CHECK(a.decimals == 1);
  const Ticks b = nice_ticks(20, 3000, 5);
  CHECK(b.step == doctest::Approx(500));
  CHECK(b.values.front() == doctest::Approx(500));
  CHECK(b.values.back() == doctest::Approx(3000));  // the boundary stays
  CHECK(b.decimals == 0);
  const Ticks c = nice_ticks(0.0012, 0.0049, 4);
  CHECK(c.step == doctest::Approx(0.001));
  CHECK(c.decimals == 3);
  for (double v : c.values) CHECK((v >= 0.0012 && v <= 0.0049));
  CHECK_THROWS_AS(nice_ticks(1, 1), gantk::Error);
  CHECK_THROWS_AS(nice_ticks(0, NAN), gantk::Error);
}

TEST_CASE("format_tick: fixed decimals and no negative zero") {
  CHECK(format_tick(0.5, 1) == "0.5");
  CHECK(format_tick(-1, 1) == "-1.0");
  CHECK(format_tick(-0.00001, 2) == "0.00");
  CHECK(format_tick(2500, 0) == "2500");
}

TEST_CASE("Axes: data corners map to frame corners, y upwards") {
  const Axes axes({100, 50, 200, 100}, {-1, 1}, {0, 10});
  CHECK(axes.px(-1) == doctest::Approx(100));
  CHECK(axes.px(1) == doctest::Approx(300));
  CHECK(axes.px(0) == doctest::Approx(200));
  CHECK(axes.py(0) == doctest::Approx(150));  // bottom edge
  CHECK(axes.py(10) == doctest::Approx(50));  // top edge
  CHECK(axes.pixels_per_unit() == doctest::Approx(100));
}

TEST_CASE("Axes: every tick has its number below or beside it, and the axis titles are drawn") {
  const Theme theme;
  Image im(400, 300, theme.background);
  Canvas c(im);
  const Axes axes({80, 20, 300, 200}, {0, 2000}, {-1, 1});
  axes.draw_background(c, theme);
  axes.draw_frame(c, theme, "step", "loss");
  REQUIRE(axes.x_ticks().values.size() >= 3);
  REQUIRE(axes.y_ticks().values.size() >= 3);
  const Rect frame = axes.frame();
  for (std::size_t i = 0; i < axes.x_ticks().values.size(); ++i) {
    const Rect box = axes.x_tick_label_box(i, theme);
    CHECK(box.y > frame.bottom());  // below the frame, centred on its tick
    CHECK(std::abs(box.x + box.w / 2 - axes.px(axes.x_ticks().values[i])) <= 2);
    CHECK_MESSAGE(count_colour(im, theme.muted, box, 60) > 3, "no number at x tick ", i);
  }
  for (std::size_t i = 0; i < axes.y_ticks().values.size(); ++i) {
    const Rect box = axes.y_tick_label_box(i, theme);
    CHECK(box.right() < frame.x);
    CHECK_MESSAGE(count_colour(im, theme.muted, box, 60) > 3, "no number at y tick ", i);
  }
  // between two x numbers, under the frame, there is nothing
  const Rect a = axes.x_tick_label_box(0, theme), b = axes.x_tick_label_box(1, theme);
  CHECK(count_colour(im, theme.muted, {a.right() + 2, a.y, b.x - a.right() - 4, a.h}, 60) == 0);
  // the titles: "step" under the numbers, "loss" left of them, in ink
  CHECK(count_colour(im, theme.ink, {frame.x, a.bottom(), frame.w, im.height() - a.bottom()}, 60) > 10);
  CHECK(count_colour(im, theme.ink, {0, frame.y, axes.y_tick_label_box(0, theme).x, frame.h}, 60) > 10);
  // the frame's border is drawn one pixel outside the frame
  CHECK(im.at(frame.x - 1, frame.y + frame.h / 2) == theme.frame);
  CHECK(im.at(frame.x + frame.w / 2, frame.bottom()) == theme.frame);
}

TEST_CASE("ScatterPlot: a sample lands at its pixel, centres get their circles, the aspect is equal") {
  ScatterPlot p;
  p.width = 400, p.height = 420;
  p.title = "test";
  p.center_x = {-1, 1}, p.center_y = {0, 0};
  p.circle_radius = 0.1;
  p.x = {0.0}, p.y = {0.5};  // one sample, between the centres and half a unit above them
  p.point_radius = 3, p.point_alpha = 1;
  const Theme theme;
  const Image im = render(p, theme);
  const int header = 60;  // title and legend (whose markers share the colours) end above this row
  struct Blob {
    double x = 0, y = 0, min_x = 1e9, max_x = -1e9, min_y = 1e9, max_y = -1e9;
    long n = 0;
  };
  const auto find = [&](Color c) {
    Blob b;
    for (int y = header; y < im.height(); ++y)
      for (int x = 0; x < im.width(); ++x)
        if (near_colour(im.at(x, y), c, 10)) {
          b.x += x, b.y += y, ++b.n;
          b.min_x = std::min<double>(b.min_x, x), b.max_x = std::max<double>(b.max_x, x);
          b.min_y = std::min<double>(b.min_y, y), b.max_y = std::max<double>(b.max_y, y);
        }
    if (b.n) b.x /= b.n, b.y /= b.n;
    return b;
  };
  const Blob sample = find(theme.series(0)), rings = find(theme.series(3));
  REQUIRE(sample.n > 10);
  REQUIRE(rings.n > 20);
  // ring to ring is 2 units plus two radii of 0.1 units
  const double unit = (rings.max_x - rings.min_x + 1) / 2.2;
  CHECK(unit > 50);
  // equal aspect: a ring is as tall as it is wide (0.2 units)
  CHECK(rings.max_y - rings.min_y + 1 == doctest::Approx(0.2 * unit).epsilon(0.15));
  // the middle of the rings' extent (anti-aliasing makes their pixel centroid lean to one side)
  const double mid_x = (rings.min_x + rings.max_x) / 2, mid_y = (rings.min_y + rings.max_y) / 2;
  CHECK(sample.x == doctest::Approx(mid_x).epsilon(0.01));
  CHECK(sample.y == doctest::Approx(mid_y - 0.5 * unit).epsilon(0.02));
  CHECK(sample.max_x - sample.min_x <= 7);  // a dot of radius 3, not a smear
}

TEST_CASE("ScatterPlot: samples outside the view are counted in a note, not drawn") {
  ScatterPlot p;
  p.center_x = {0}, p.center_y = {0};
  p.circle_radius = 0.1;
  p.x = {100.0}, p.y = {100.0};
  const Theme theme;
  const Image im = render(p, theme);
  CHECK(count_colour(im, theme.series(0), {0, 120, im.width(), im.height() - 120}, 10) == 0);
  CHECK(count_colour(im, theme.muted, {0, im.height() / 2, im.width(), im.height() / 2}, 5) > 0);
  ScatterPlot bad = p;
  bad.y.push_back(1);
  CHECK_THROWS_AS(render(bad), gantk::Error);
}

TEST_CASE("LineChart: a rising series ends higher on the image than it starts") {
  LineChart chart;
  chart.title = "rise";
  chart.series.push_back({"up", {0, 1, 2, 3}, {0, 1, 2, 3}, Color{200, 0, 0}});
  const Image im = render(chart);
  int first_x = im.width(), last_x = -1, y_at_first = 0, y_at_last = 0;
  for (int x = 0; x < im.width(); ++x)
    for (int y = 60; y < im.height(); ++y)  // below the header and its legend
      if (near_colour(im.at(x, y), {200, 0, 0}, 10)) {
        if (x < first_x) first_x = x, y_at_first = y;
        if (x > last_x) last_x = x, y_at_last = y;
      }
  REQUIRE(last_x > first_x + 100);
  CHECK(y_at_last < y_at_first - 100);
}

TEST_CASE("LineChart: a legend too wide for one row wraps, and stays inside the padding") {
  LineChart chart;
  chart.width = 320, chart.height = 300;
  const Theme theme;
  // no points: every pixel of a series' colour is its legend marker
  for (const char* name : {"complete below threshold", "partial above threshold", "fake/real spread", "missing mass"})
    chart.series.push_back({name, {}, {}, std::nullopt});
  const Image im = render(chart, theme);
  int top_row = im.height(), bottom_row = -1;
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const Color colour = theme.series(i);
    CHECK_MESSAGE(count_colour(im, colour, {0, 0, im.width(), im.height()}, 10) > 5, "no legend marker for series ", i);
    for (int y = 0; y < im.height(); ++y)
      for (int x = 0; x < im.width(); ++x)
        if (near_colour(im.at(x, y), colour, 10)) {
          CHECK((x >= theme.padding && x < im.width() - theme.padding));
          top_row = std::min(top_row, y), bottom_row = std::max(bottom_row, y);
        }
  }
  CHECK(bottom_row - top_row >= text_height(theme.text_font));  // more than one row of entries
}

TEST_CASE("tile: panels are placed in a grid of the largest cell") {
  std::vector<Image> panels{Image(30, 20, {255, 0, 0}), Image(30, 20, {0, 255, 0}), Image(30, 20, {0, 0, 255})};
  const Image im = tile(panels, 2, {}, Theme{}, 10);
  CHECK(im.width() == 2 * 30 + 3 * 10);
  CHECK(im.height() == 2 * 20 + 3 * 10);
  CHECK(im.at(10 + 15, 10 + 10) == Color{255, 0, 0});
  CHECK(im.at(50 + 15, 10 + 10) == Color{0, 255, 0});
  CHECK(im.at(10 + 15, 40 + 10) == Color{0, 0, 255});
  CHECK_THROWS_AS(tile({}, 2), gantk::Error);
}

TEST_CASE("tile: a title wider than the grid shrinks instead of being cut off") {
  const std::vector<Image> panels{Image(150, 40, {230, 230, 230})};
  const std::string title = "a long title for a single narrow panel";
  const Theme theme;
  REQUIRE(text_width(title, theme.title_font) > 150);  // too wide at the title scale
  const Image im = tile(panels, 1, title, theme, 10);
  const int band = theme.padding + text_height(theme.title_font);
  int ink = 0, at_edges = 0;
  for (int y = 0; y < band && y < im.height(); ++y)
    for (int x = 0; x < im.width(); ++x) {
      const bool inked = near_colour(im.at(x, y), theme.ink, 30);
      ink += inked;
      at_edges += inked && (x < 2 || x >= im.width() - 2);
    }
  CHECK(ink > 50);
  CHECK(at_edges == 0);
}
