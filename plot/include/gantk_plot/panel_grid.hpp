// Panel grid: several plots tiled into one picture, for comparing runs side by side.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <gantk/foundation/error.hpp>
#include <gantk_plot/canvas.hpp>
#include <gantk_plot/theme.hpp>

namespace gantk::plot {

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
  // The title shrinks, a pixel of font size at a time, down to the text size; if it does not fit
  // even then the picture widens, so the title is never cut off.
  Font font = theme.title_font;
  while (font.size > theme.text_font.size && text_width(title, font) > grid_width - 2 * theme.padding) font.size -= 1;
  const int width = std::max(grid_width, text_width(title, font) + 2 * theme.padding);
  const int left = (width - grid_width) / 2;
  const int header = title.empty() ? 0 : theme.padding + text_height(font) + 4;
  Image image(width, header + rows * cell_h + (rows + 1) * gap, theme.background);
  Canvas c(image);
  if (!title.empty()) c.text(image.width() / 2, theme.padding, title, theme.ink, font, Align::Center);
  for (std::size_t i = 0; i < panels.size(); ++i) {
    const int col = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
    const int x = left + gap + col * (cell_w + gap) + (cell_w - panels[i].width()) / 2;
    const int y = header + gap + row * (cell_h + gap) + (cell_h - panels[i].height()) / 2;
    c.paste(panels[i], x, y);
    // a hairline around each panel separates neighbours with white margins
    c.stroke_rect({x - 1, y - 1, panels[i].width() + 2, panels[i].height() + 2}, theme.grid);
  }
  c.check("tile: drawing the grid");
  return image;
}

}  // namespace gantk::plot
