// Image metrics in one call: generated images against real ones, in the feature space of a
// classifier trained on the real data (metrics/fashion_classifier.hpp for Fashion-MNIST).
//
//   Fréchet distance   Gaussian fits of the classifier's features (FID's formula, not its network)
//   precision/recall   k-NN manifolds of the features (Kynkäänniemi et al. 2019)
//   density/coverage   k-NN balls of the real features (Naeem et al. 2020)
//   NDB                k-means bins of the pixels, as in Richardson & Weiss 2018
//   class coverage     the classifier's predicted classes: how many appear, KL from the prior
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <gantk/metrics/class_coverage.hpp>
#include <gantk/metrics/density_coverage.hpp>
#include <gantk/metrics/frechet_distance.hpp>
#include <gantk/metrics/ndb.hpp>
#include <gantk/metrics/precision_recall.hpp>

namespace gantk::metrics {

/// Settings of image_metrics().
struct ImageMetricsOptions {
  int precision_recall_k = 3;
  int density_coverage_k = 5;
  int ndb_bins = 100;
  std::uint64_t seed = 0;  ///< k-means++ of the NDB bins
  Index class_min_count = 10;  ///< a class counts as covered from this many predicted images
};

/// What image_metrics() measured.
struct ImageMetrics {
  double frechet = 0;  ///< squared Fréchet distance of the classifier's features
  PrecisionRecall precision_recall;
  DensityCoverage density_coverage;
  Ndb ndb;
  ClassCoverage classes;  ///< predicted classes of the generated images (counts: the per-class histogram)
  Index real = 0, fake = 0;  ///< images compared
};

/// Compares generated images with real ones (each C·H·W × n, the same shape) through `classifier`,
/// an object with features(images) and probabilities(images) (gantk::Classifier).
/// @throws gantk::Error on different shapes, too few images for the k's, or non-finite values.
template <class C, class DR, class DF>
ImageMetrics image_metrics(const C& classifier, const Eigen::MatrixBase<DR>& real, const Eigen::MatrixBase<DF>& fake,
                           const ImageMetricsOptions& options = {}) {
  detail::check_samples("image_metrics", "real", real);
  detail::check_samples("image_metrics", "generated", fake);
  detail::check_same_width("image_metrics", real, "real", fake, "generated");
  ImageMetrics out;
  out.real = real.cols();
  out.fake = fake.cols();
  const Eigen::MatrixXd real_features = classifier.features(real).template cast<double>();
  const Eigen::MatrixXd fake_features = classifier.features(fake).template cast<double>();
  out.frechet = frechet_distance(real_features, fake_features);
  out.precision_recall = metrics::precision_recall(real_features, fake_features, {.k = options.precision_recall_k});
  out.density_coverage = metrics::density_coverage(real_features, fake_features, {.k = options.density_coverage_k});
  out.ndb = metrics::ndb(real, fake, {.bins = options.ndb_bins, .seed = options.seed});
  out.classes = class_coverage_from_probabilities(classifier.probabilities(fake), {.min_count = options.class_min_count});
  return out;
}

}  // namespace gantk::metrics
