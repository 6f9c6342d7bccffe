// Rect: an axis-aligned pixel rectangle, the unit of layout for frames, clips and text boxes.
#pragma once

namespace gantk::plot {

/// [x, x + w) × [y, y + h) in pixels; pixel (i, j) covers [i, i+1) × [j, j+1), as in Cairo.
struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
  int right() const { return x + w; }
  int bottom() const { return y + h; }
  bool contains(int px, int py) const { return px >= x && py >= y && px < right() && py < bottom(); }
};

}  // namespace gantk::plot
