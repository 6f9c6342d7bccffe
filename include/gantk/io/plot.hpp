// gantk — plotting: images, PNG output, the bitmap font, the canvas and the plot kinds.
#pragma once

#include <gantk/io/image.hpp>
#include <gantk/io/png.hpp>
#include <gantk/io/bitmap_font.hpp>
#include <gantk/io/canvas.hpp>
#include <gantk/io/plot/theme.hpp>
#include <gantk/io/plot/ticks.hpp>
#include <gantk/io/plot/axes.hpp>
#include <gantk/io/plot/legend.hpp>
#include <gantk/io/plot/scatter_plot.hpp>
#include <gantk/io/plot/line_chart.hpp>
#include <gantk/io/plot/panel_grid.hpp>
