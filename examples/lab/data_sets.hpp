// The data sets the lab offers, by name, and the data shape (latent and data widths) each
// needs: the shape picks which compiled copy of a catalog entry trains on it.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/metrics/mixture_coverage.hpp>

namespace lab {

/// The radius, in σ, within which a sample counts as high quality. PacGAN's 3σ holds 99% of a
/// component's samples in 2-d, but in d dimensions a sample lies about σ√d from its centre, so a
/// fixed 3σ would call every real sample of the 1200-d mixture low quality. This radius,
/// √(d + 3√(2d)), holds about 99.8% of a component's samples for large d; never below 3σ.
inline double high_quality_sigmas(long d) {
  const double dd = static_cast<double>(d);
  return std::max(3.0, std::sqrt(dd + 3.0 * std::sqrt(2.0 * dd)));
}

/// The lab's coverage settings for data of width d: PacGAN's protocol with the radius above.
/// Every run and the report's caption use this one value.
inline gantk::metrics::MixtureCoverageOptions coverage_options(long d) { return {.k_sigma = high_quality_sigmas(d)}; }

/// The compiled data shapes: every catalog entry is built once per shape.
enum class ShapeKind { Plane, HighDim };

struct DataSet {
  std::string_view name;
  std::string_view about;      ///< one line for --list
  std::string_view caption;    ///< short description for titles
  ShapeKind shape;
  gantk::data::GaussianMixture (*make)();
};

inline const std::vector<DataSet>& data_sets() {
  static const std::vector<DataSet> sets{
      {"ring", "8 Gaussians on a circle of radius 1, sigma 0.01 (the PacGAN/VEEGAN 2-d ring)",
       "8 Gaussians on a ring, σ 0.01", ShapeKind::Plane, [] { return gantk::data::Ring{}.dataset(); }},
      {"grid", "25 Gaussians on a 5x5 grid with spacing 2, sigma 0.05 (the PacGAN/VEEGAN 2-d grid)",
       "25 Gaussians on a 5×5 grid, σ 0.05", ShapeKind::Plane, [] { return gantk::data::Grid{}.dataset(); }},
      {"highdim", "10 Gaussians in 1200 dimensions, sigma 0.01, centres uniform in [-1, 1]^1200",
       "10 Gaussians in 1200-d, σ 0.01", ShapeKind::HighDim,
       [] { return gantk::data::HighDimensionalMixture{}.dataset(); }},
      // INTEGRATION(data): image data (Fashion-MNIST) needs its own shape and image panels.
  };
  return sets;
}

/// The data set called `name`, or nullptr.
inline const DataSet* find_data_set(std::string_view name) {
  for (const auto& d : data_sets())
    if (d.name == name) return &d;
  return nullptr;
}

inline std::string data_set_names() {
  std::string out;
  for (const auto& d : data_sets()) out += (out.empty() ? "" : ", ") + std::string(d.name);
  return out;
}

}  // namespace lab
