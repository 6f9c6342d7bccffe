// gantk — all metrics (sub-umbrella of gantk/gantk.hpp).
#pragma once

// distances between sample sets
#include <gantk/metrics/pairwise_distances.hpp>
#include <gantk/metrics/knn_radii.hpp>
#include <gantk/metrics/nearest_neighbour.hpp>
#include <gantk/metrics/feature_map.hpp>
#include <gantk/metrics/mmd.hpp>
#include <gantk/metrics/energy_distance.hpp>
#include <gantk/metrics/sliced_wasserstein.hpp>
#include <gantk/metrics/frechet_distance.hpp>

// fidelity and diversity
#include <gantk/metrics/mixture_coverage.hpp>
#include <gantk/metrics/precision_recall.hpp>
#include <gantk/metrics/density_coverage.hpp>
#include <gantk/metrics/kmeans.hpp>
#include <gantk/metrics/ndb.hpp>
#include <gantk/metrics/birthday_paradox.hpp>
#include <gantk/metrics/class_coverage.hpp>
#include <gantk/metrics/code_assignment.hpp>

// watching a training run
#include <gantk/metrics/collapse_assessment.hpp>
#include <gantk/metrics/collapse_monitor.hpp>
#include <gantk/metrics/image_metrics.hpp>
#include <gantk/metrics/fashion_classifier.hpp>
#include <gantk/metrics/stacked_mode_coverage.hpp>
