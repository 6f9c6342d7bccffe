// Theme: the colours and fonts every gantk plot shares, so that panels side by side match.
#pragma once

#include <array>
#include <cstddef>

#include <gantk_plot/color.hpp>
#include <gantk_plot/font.hpp>

namespace gantk::plot {

struct Theme {
  Color background{255, 255, 255};
  Color plot_area{250, 250, 252};   ///< inside the axes frame
  Color ink{30, 30, 36};            ///< titles and labels
  Color muted{95, 95, 105};         ///< tick numbers, notes
  Color frame{60, 60, 70};          ///< the axes' border and ticks
  Color grid{226, 226, 232};        ///< grid lines at the ticks
  Font title_font{15, true};        ///< titles
  Font text_font{11};               ///< subtitles, ticks, legends, axis titles
  int padding = 12;                 ///< outer margin, in pixels

  /// Colours for series and point sets: distinct in hue and lightness, readable for the common
  /// kinds of colour blindness, and dark enough on white. Cycles past the end.
  Color series(std::size_t i) const {
    static constexpr std::array<Color, 8> colours{{
        {31, 105, 180},   // blue
        {222, 110, 20},   // orange
        {20, 150, 110},   // teal green
        {200, 50, 90},    // crimson
        {120, 80, 170},   // violet
        {150, 110, 40},   // ochre
        {90, 90, 90},     // grey
        {40, 170, 200},   // sky
    }};
    return colours[i % colours.size()];
  }
};

}  // namespace gantk::plot
