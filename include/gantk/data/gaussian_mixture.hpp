// Gaussian mixtures with known components: the ring, the grid and an N-dimensional mixture.
// These are the standard testbeds for mode collapse (VEEGAN, Srivastava et al. 2017; PacGAN,
// Lin et al. 2018): every component is a mode, so coverage can be counted exactly.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

#include <gantk/foundation/error.hpp>
#include <gantk/data/dataset.hpp>

namespace gantk::data {

/// A mixture of isotropic Gaussians N(cₖ, σ² I) with weights wₖ (uniform unless given).
class GaussianMixture {
 public:
  GaussianMixture() = default;
  /// @param centers  d × K matrix, one component mean per column
  /// @param stddev   σ of every component
  /// @param weights  K non-negative weights (normalised here); empty means uniform
  GaussianMixture(HostMatrix<double> centers, double stddev, std::vector<double> weights = {})
      : centers_(std::move(centers)), stddev_(stddev), weights_(std::move(weights)) {
    GANTK_CHECK(centers_.cols() > 0 && centers_.rows() > 0, "GaussianMixture: needs at least one component of width ≥ 1, got ",
                centers_.rows(), " × ", centers_.cols(), " centers");
    GANTK_CHECK(centers_.allFinite(), "GaussianMixture: the centers contain NaN or Inf");
    GANTK_CHECK(stddev_ >= 0 && std::isfinite(stddev_), "GaussianMixture: stddev must be finite and ≥ 0, got ", stddev_);
    if (weights_.empty()) weights_.assign(static_cast<std::size_t>(centers_.cols()), 1.0);
    GANTK_CHECK(static_cast<Index>(weights_.size()) == centers_.cols(), "GaussianMixture: ", weights_.size(),
                " weights for ", centers_.cols(), " components");
    double total = 0;
    for (double w : weights_) {
      GANTK_CHECK(w >= 0 && std::isfinite(w), "GaussianMixture: weights must be finite and ≥ 0, got ", w);
      total += w;
    }
    GANTK_CHECK(total > 0, "GaussianMixture: the weights sum to 0");
    cumulative_.resize(weights_.size());
    double run = 0;
    uniform_ = true;
    for (std::size_t k = 0; k < weights_.size(); ++k) {
      weights_[k] /= total;
      run += weights_[k];
      cumulative_[k] = run;
      if (std::abs(weights_[k] - 1.0 / static_cast<double>(weights_.size())) > 1e-12) uniform_ = false;
    }
  }

  Index width() const { return centers_.rows(); }
  Index components() const { return centers_.cols(); }
  const HostMatrix<double>& centers() const { return centers_; }
  double stddev() const { return stddev_; }
  const std::vector<double>& weights() const { return weights_; }

  /// Classes of a LabeledDataset: one per component.
  int classes() const { return static_cast<int>(centers_.cols()); }

  template <class T>
  void sample(HostView<T> out, Rng& rng) const {
    fill(out, std::span<int>(), rng);
  }
  /// As sample(out, rng), with each sample's component in labels (one per column of out).
  template <class T>
  void sample(HostView<T> out, std::span<int> labels, Rng& rng) const {
    GANTK_CHECK(static_cast<Index>(labels.size()) == out.cols(), "GaussianMixture::sample: ", labels.size(),
                " labels for ", out.cols(), " samples");
    fill(out, labels, rng);
  }

  /// Fills every column of out with a sample of component c (a ClassSamplingDataset).
  template <class T>
  void sample_class(HostView<T> out, int c, Rng& rng) const {
    GANTK_CHECK(out.rows() == width(), "GaussianMixture::sample_class: output has ", out.rows(),
                " rows, the data width is ", width());
    GANTK_CHECK(c >= 0 && c < classes(), "GaussianMixture::sample_class: class ", c, " is outside the ", classes(),
                " components");
    rng.fill_normal(out.data(), out.size(), T(0), static_cast<T>(stddev_));
    for (Index j = 0; j < out.cols(); ++j)
      for (Index i = 0; i < out.rows(); ++i) out(i, j) += static_cast<T>(centers_(i, c));
  }

  /// Draws n samples into a new matrix, with their component labels if asked.
  template <class T = float>
  HostMatrix<T> draw(Index n, Rng& rng, std::vector<Index>* labels = nullptr) const {
    HostMatrix<T> out(width(), n);
    rng.fill_normal(out.data(), out.size(), T(0), static_cast<T>(stddev_));
    if (labels) labels->resize(static_cast<std::size_t>(n));
    for (Index j = 0; j < n; ++j) {
      const Index k = pick(rng);
      if (labels) (*labels)[static_cast<std::size_t>(j)] = k;
      for (Index i = 0; i < out.rows(); ++i) out(i, j) += static_cast<T>(centers_(i, k));
    }
    return out;
  }

 private:
  // the one drawing routine, so that labelled and unlabelled batches are the same draws
  template <class T>
  void fill(HostView<T> out, std::span<int> labels, Rng& rng) const {
    GANTK_CHECK(out.rows() == width(), "GaussianMixture::sample: output has ", out.rows(), " rows, the data width is ",
                width());
    rng.fill_normal(out.data(), out.size(), T(0), static_cast<T>(stddev_));
    for (Index j = 0; j < out.cols(); ++j) {
      const Index k = pick(rng);
      if (!labels.empty()) labels[static_cast<std::size_t>(j)] = static_cast<int>(k);
      for (Index i = 0; i < out.rows(); ++i) out(i, j) += static_cast<T>(centers_(i, k));
    }
  }

  Index pick(Rng& rng) const {
    const auto k = static_cast<std::uint32_t>(centers_.cols());
    if (uniform_) return rng.below(k);
    const double u = rng.uniform<double>();
    for (std::size_t i = 0; i + 1 < cumulative_.size(); ++i)
      if (u < cumulative_[i]) return static_cast<Index>(i);
    return static_cast<Index>(cumulative_.size() - 1);
  }

  HostMatrix<double> centers_;
  double stddev_ = 0;
  std::vector<double> weights_, cumulative_;
  bool uniform_ = true;
};

/// K Gaussians on a circle: centers r·(cos 2πi/K, sin 2πi/K). Defaults are the PacGAN/VEEGAN
/// 2D-ring (8 modes, radius 1, σ 0.01). `weights` (K values, normalised) make some modes rarer
/// than others: the partial collapse a uniform mixture cannot show; empty means uniform.
struct Ring {
  int modes = 8;
  double radius = 1.0;
  double stddev = 0.01;
  std::vector<double> weights = {};

  GaussianMixture dataset() const {
    GANTK_CHECK(modes > 0, "data::Ring: modes must be positive, got ", modes);
    GANTK_CHECK(radius > 0 && std::isfinite(radius), "data::Ring: radius must be positive, got ", radius);
    HostMatrix<double> c(2, modes);
    for (int i = 0; i < modes; ++i) {
      const double a = 2.0 * std::numbers::pi * i / modes;
      c(0, i) = radius * std::cos(a);
      c(1, i) = radius * std::sin(a);
    }
    return GaussianMixture(std::move(c), stddev, weights);
  }
};

/// side × side Gaussians on a square lattice centred on the origin with the given spacing.
/// Defaults are the PacGAN/VEEGAN 2D-grid (25 modes at (−4 + 2i, −4 + 2j), σ 0.05). `weights`
/// (side² values, row i·side + j for centre (i, j); normalised) as for Ring; empty means uniform.
struct Grid {
  int side = 5;
  double spacing = 2.0;
  double stddev = 0.05;
  std::vector<double> weights = {};

  GaussianMixture dataset() const {
    GANTK_CHECK(side > 0, "data::Grid: side must be positive, got ", side);
    GANTK_CHECK(spacing > 0 && std::isfinite(spacing), "data::Grid: spacing must be positive, got ", spacing);
    HostMatrix<double> c(2, side * side);
    const double offset = (side - 1) / 2.0;
    for (int i = 0; i < side; ++i)
      for (int j = 0; j < side; ++j) {
        c(0, i * side + j) = (i - offset) * spacing;
        c(1, i * side + j) = (j - offset) * spacing;
      }
    return GaussianMixture(std::move(c), stddev, weights);
  }
};

/// K Gaussians in `dim` dimensions with centers drawn once, from `seed`, uniformly in
/// [−scale, scale]^dim. The default is our construction of the 1200-d, 10-mode testbed of
/// VEEGAN and PacGAN: with scale 1 the centers lie ~ 28 apart, far beyond 3σ. In few dimensions
/// uniform draws can land two centres close together (two "modes" a metric cannot tell apart):
/// `min_separation` > 0 redraws, from the same stream, until every pair of centres is at least
/// that far apart, and fails with the closest pair when 1000 draws do not manage it.
struct HighDimensionalMixture {
  int dim = 1200;
  int modes = 10;
  double scale = 1.0;
  double stddev = 0.01;
  std::uint64_t seed = 1200;
  double min_separation = 0;

  GaussianMixture dataset() const {
    GANTK_CHECK(dim > 0 && modes > 0, "data::HighDimensionalMixture: dim and modes must be positive, got ", dim, " and ",
                modes);
    GANTK_CHECK(min_separation >= 0 && std::isfinite(min_separation),
                "data::HighDimensionalMixture: min_separation must be finite and ≥ 0, got ", min_separation);
    Rng rng(seed, 0x6d6978);
    HostMatrix<double> c(dim, modes);
    constexpr int max_draws = 1000;
    double closest = 0;
    for (int draw = 0; draw < max_draws; ++draw) {
      rng.fill_uniform(c.data(), c.size(), -scale, scale);
      closest = closest_pair_distance(c);
      if (closest >= min_separation) return GaussianMixture(std::move(c), stddev);
    }
    detail::fail("data::HighDimensionalMixture: no draw of ", modes, " centres in [", -scale, ", ", scale, "]^", dim,
                 " kept them ", min_separation, " apart in ", max_draws, " tries (the last draw's closest pair: ", closest,
                 "); lower min_separation or raise scale");
  }

 private:
  static double closest_pair_distance(const HostMatrix<double>& c) {
    double best = std::numeric_limits<double>::infinity();
    for (Index a = 0; a < c.cols(); ++a)
      for (Index b = a + 1; b < c.cols(); ++b) best = std::min(best, (c.col(a) - c.col(b)).norm());
    return best;
  }
};

}  // namespace gantk::data
