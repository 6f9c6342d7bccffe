// gantk::plot — the lab's pictures, drawn with Cairo: images and PNG files, the canvas, and the
// plot kinds (scatter plot, line chart, panel grid). Not part of <gantk/gantk.hpp>: link the
// CMake target gantk::plot, which brings Cairo.
#pragma once

#include <gantk_plot/color.hpp>
#include <gantk_plot/rect.hpp>
#include <gantk_plot/image.hpp>
#include <gantk_plot/png.hpp>
#include <gantk_plot/font.hpp>
#include <gantk_plot/canvas.hpp>
#include <gantk_plot/theme.hpp>
#include <gantk_plot/ticks.hpp>
#include <gantk_plot/axes.hpp>
#include <gantk_plot/legend.hpp>
#include <gantk_plot/scatter_plot.hpp>
#include <gantk_plot/line_chart.hpp>
#include <gantk_plot/panel_grid.hpp>
