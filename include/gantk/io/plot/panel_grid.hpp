// Panel grid: several plots tiled into one picture, for comparing runs side by side.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <gantk/core/error.hpp>
#include <gantk/io/canvas.hpp>
#include <gantk/io/plot/theme.hpp>

namespace gantk::io::plot {

/// Tiles the panels row by row, `columns` per row, each centred in a cell as large as the
/// largest panel, under an optional title.
inline Image tile(const std::vector<Image>& panels, int columns, const std::string& title = {},
                  const Theme& theme = {}, int gap = 10) {
  GANTK_CHECK(!panels.empty(), "tile: no panels");
  GANTK_CHECK(columns >= 1, "tile: columns must be at least 1, got ", columns);
  columns = std::min<int>(columns, static_cast<int>(panels.size()));
  const int rows = (static_cast<int>(panels.size()) + columns - 1) / columns;
  int cell_w = 0, cell_h = 0;
  for (const auto& p : panels) cell_w = std::max(cell_w, p.width()), cell_h = std::max(cell_h, p.height());
  const int grid_width = columns * cell_w + (columns + 1) * gap;
  // The title shrinks to the largest scale at which it fits; if it does not fit even at scale 1
  // the picture widens, so the title is never cut off.
  int scale = theme.title_scale;
  while (scale > 1 && font::text_width(title, scale) > grid_width - 2 * theme.padding) --scale;
  const int width = std::max(grid_width, font::text_width(title, scale) + 2 * theme.padding);
  const int left = (width - grid_width) / 2;
  const int header = title.empty() ? 0 : theme.padding + font::text_height(scale) + 4;
  Image image(width, header + rows * cell_h + (rows + 1) * gap, theme.background);
  Canvas c(image);
  if (!title.empty()) c.text(image.width() / 2, theme.padding, title, theme.ink, scale, Align::Center);
  for (std::size_t i = 0; i < panels.size(); ++i) {
    const int col = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
    const int x = left + gap + col * (cell_w + gap) + (cell_w - panels[i].width()) / 2;
    const int y = header + gap + row * (cell_h + gap) + (cell_h - panels[i].height()) / 2;
    image.paste(panels[i], x, y);
    // a hairline around each panel separates neighbours with white margins
    c.stroke_rect({x - 1, y - 1, panels[i].width() + 2, panels[i].height() + 2}, theme.grid);
  }
  return image;
}

}  // namespace gantk::io::plot
