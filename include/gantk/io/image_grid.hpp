// Image grids: a batch of images (one per column, NCHW, values in [-1, 1]) drawn as tiles of one
// PNG file, to look at what a generator makes; and class grids, one row of tiles per class.
//
// Layout: `padding` pixels of the background around every tile, the grid's border included, so a
// grid of R rows and K columns of H × W images at scale s is K·(s·W + padding) + padding pixels
// wide and R·(s·H + padding) + padding high. Tile j (grid order, row by row) holds sample j.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include <gantk/foundation/config.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/io/png.hpp>

namespace gantk::io {

struct ImageGridOptions {
  int columns = 0;   ///< tiles per row; 0: near-square (⌈√N⌉). Ignored by write_class_grid.
  int padding = 2;   ///< background pixels between tiles and around the grid
  int scale = 1;     ///< each image pixel becomes scale × scale pixels
  double lo = -1.0;  ///< the value drawn black (values below are clamped to it; NaN is drawn as lo)
  double hi = 1.0;   ///< the value drawn white (values above are clamped to it)
  int background = 0;  ///< grey level 0…255 of the padding and of blank tiles
};

namespace detail {

/// The samples as a column-major matrix: a view of a plain matrix or map, a copy of an expression.
template <class S>
using GridSamples = Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>>;

/// The grid image: `slots` lists the sample column of each tile, row by row, -1 for a blank one.
template <class S>
PngImage render_grid(const GridSamples<S>& samples, int channels, int height, int width,
                     const std::vector<Index>& slots, int columns, const ImageGridOptions& o, const char* what) {
  const Index tile_w = Index(width) * o.scale, tile_h = Index(height) * o.scale;
  const Index grid_rows = (static_cast<Index>(slots.size()) + columns - 1) / columns;
  const Index full_w = Index(columns) * (tile_w + o.padding) + o.padding;
  const Index full_h = grid_rows * (tile_h + o.padding) + o.padding;
  GANTK_CHECK(full_w <= Index(1) << 30 && full_h <= Index(1) << 30 &&
                  static_cast<std::size_t>(full_w) * static_cast<std::size_t>(full_h) <= png_max_pixels,
              what, ": the grid would be ", full_w, " × ", full_h, " pixels, more than ", png_max_pixels,
              " (fewer samples, a smaller scale or less padding)");
  PngImage image;
  image.width = static_cast<int>(full_w);
  image.height = static_cast<int>(full_h);
  image.channels = channels;
  image.pixels.assign(static_cast<std::size_t>(full_w * full_h * channels), static_cast<std::uint8_t>(o.background));
  const double span = o.hi - o.lo;
  const auto to_byte = [&](double v) -> std::uint8_t {
    if (!(v > o.lo)) return 0;  // below the range, or NaN
    if (v >= o.hi) return 255;
    return static_cast<std::uint8_t>(std::lround((v - o.lo) / span * 255.0));
  };
  const Index plane = Index(height) * width;
  for (std::size_t t = 0; t < slots.size(); ++t) {
    const Index j = slots[t];
    if (j < 0) continue;
    const Index top = o.padding + static_cast<Index>(t) / columns * (tile_h + o.padding);
    const Index left = o.padding + static_cast<Index>(t) % columns * (tile_w + o.padding);
    for (Index c = 0; c < channels; ++c)
      for (Index y = 0; y < height; ++y)
        for (Index x = 0; x < width; ++x) {
          const std::uint8_t v = to_byte(static_cast<double>(samples.coeff(c * plane + y * width + x, j)));
          for (Index dy = 0; dy < o.scale; ++dy) {
            std::uint8_t* out = image.pixels.data() + ((top + y * o.scale + dy) * full_w + left + x * o.scale) * channels + c;
            for (Index dx = 0; dx < o.scale; ++dx) out[dx * channels] = v;
          }
        }
  }
  return image;
}

template <class Derived>
void check_grid_input(const Eigen::MatrixBase<Derived>& samples, int channels, int height, int width,
                      const ImageGridOptions& o, const char* what) {
  static_assert(std::is_floating_point_v<typename Derived::Scalar>,
                "image grids take a float or double matrix of samples (one image per column)");
  GANTK_CHECK(channels == 1 || channels == 3, what, ": channels must be 1 (grey) or 3 (RGB), got ", channels);
  GANTK_CHECK(height > 0 && width > 0, what, ": a ", height, " × ", width, " image (height and width must be positive)");
  const Index features = Index(channels) * height * width;
  GANTK_CHECK(samples.rows() == features, what, ": samples are ", samples.rows(), " × ", samples.cols(),
              " (values × samples), but a ", channels, " × ", height, " × ", width, " image has ", features,
              " values: one image per column, C·H·W rows in (channel, row, column) order");
  GANTK_CHECK(samples.cols() > 0, what, ": no samples (the matrix has 0 columns)");
  GANTK_CHECK(o.columns >= 0, what, ": columns = ", o.columns, " (0 for a near-square grid, or the tiles per row)");
  GANTK_CHECK(o.padding >= 0 && o.padding <= 1024, what, ": padding = ", o.padding, " pixels (0 to 1024)");
  GANTK_CHECK(o.scale >= 1 && o.scale <= 64, what, ": scale = ", o.scale, " (an integer factor, 1 to 64)");
  GANTK_CHECK(std::isfinite(o.lo) && std::isfinite(o.hi) && o.lo < o.hi, what, ": the range [", o.lo, ", ", o.hi,
              "] (lo must be below hi, both finite)");
  GANTK_CHECK(o.background >= 0 && o.background <= 255, what, ": background = ", o.background, " (a grey level 0 to 255)");
}

}  // namespace detail

/// The grid of the images in `samples` (C·H·W × N, one image per column in (channel, row, column)
/// order, any float or double Eigen matrix or expression), C = 1 (grey) or 3 (RGB): tiles row by
/// row in column order, `options.columns` per row (0: ⌈√N⌉, at most N). Values are mapped
/// linearly from [lo, hi] to 0…255 and clamped.
/// @throws gantk::Error naming the shapes when samples has not C·H·W rows, or for bad options.
template <class Derived>
PngImage image_grid(const Eigen::MatrixBase<Derived>& samples, int channels, int height, int width,
                    const ImageGridOptions& options = {}) {
  detail::check_grid_input(samples, channels, height, width, options, "image grid");
  const detail::GridSamples<typename Derived::Scalar> m(samples.derived());
  const Index n = m.cols();
  Index columns = options.columns;
  if (columns == 0) {
    columns = static_cast<Index>(std::ceil(std::sqrt(static_cast<double>(n))));
    while (columns * columns < n) ++columns;  // guard against sqrt rounding down
  }
  columns = std::min(columns, n);
  std::vector<Index> slots(static_cast<std::size_t>(n));
  for (Index j = 0; j < n; ++j) slots[static_cast<std::size_t>(j)] = j;
  return detail::render_grid<typename Derived::Scalar>(m, channels, height, width, slots, static_cast<int>(columns),
                                                       options, "image grid");
}

/// Writes image_grid(samples, ...) to `path` as a PNG file (grey or RGB), atomically.
template <class Derived>
void write_image_grid(const std::string& path, const Eigen::MatrixBase<Derived>& samples, int channels, int height,
                      int width, const ImageGridOptions& options = {}) {
  write_png(path, image_grid(samples, channels, height, width, options));
}

/// The class grid: row k holds the first `per_class` samples (in column order) whose label is k,
/// for k = 0 … classes − 1; a class with fewer samples leaves blank tiles (the background).
/// `labels` is a std::vector<int> or an integer Eigen vector with one label per column.
/// @throws gantk::Error for shape mismatches (named), a label outside [0, classes), or bad options.
template <class Derived, class Labels>
PngImage class_grid(const Eigen::MatrixBase<Derived>& samples, const Labels& labels, int classes, int per_class,
                    int channels, int height, int width, const ImageGridOptions& options = {}) {
  static_assert(std::is_integral_v<std::remove_cvref_t<decltype(labels[0])>>,
                "class grid: labels are a std::vector<int> or an integer Eigen vector, one label per sample");
  detail::check_grid_input(samples, channels, height, width, options, "class grid");
  const detail::GridSamples<typename Derived::Scalar> m(samples.derived());
  const Index n = m.cols();
  const Index label_count = static_cast<Index>(labels.size());
  GANTK_CHECK(label_count == n, "class grid: ", label_count, " labels for ", n, " samples (samples are ",
              samples.rows(), " × ", n, ")");
  GANTK_CHECK(classes > 0, "class grid: classes = ", classes, " (at least 1)");
  GANTK_CHECK(per_class > 0, "class grid: per_class = ", per_class, " (at least 1)");
  GANTK_CHECK(Index(classes) * per_class <= Index(1) << 24, "class grid: ", classes, " × ", per_class,
              " tiles are too many");
  std::vector<Index> slots(static_cast<std::size_t>(classes) * static_cast<std::size_t>(per_class), -1);
  std::vector<int> filled(static_cast<std::size_t>(classes), 0);
  for (Index j = 0; j < n; ++j) {
    const long long label = static_cast<long long>(labels[static_cast<decltype(labels.size())>(j)]);
    GANTK_CHECK(label >= 0 && label < classes, "class grid: sample ", j, " has label ", label, ", outside the ", classes,
                " classes (0 to ", classes - 1, ")");
    int& k = filled[static_cast<std::size_t>(label)];
    if (k < per_class) slots[static_cast<std::size_t>(label) * static_cast<std::size_t>(per_class) + k++] = j;
  }
  return detail::render_grid<typename Derived::Scalar>(m, channels, height, width, slots, per_class, options,
                                                       "class grid");
}

/// Writes class_grid(samples, labels, ...) to `path` as a PNG file, atomically.
template <class Derived, class Labels>
void write_class_grid(const std::string& path, const Eigen::MatrixBase<Derived>& samples, const Labels& labels,
                      int classes, int per_class, int channels, int height, int width,
                      const ImageGridOptions& options = {}) {
  write_png(path, class_grid(samples, labels, classes, per_class, channels, height, width, options));
}

}  // namespace gantk::io
