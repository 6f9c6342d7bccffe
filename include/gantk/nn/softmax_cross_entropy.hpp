// The classification loss: softmax cross-entropy of logits against integer labels.
//
// A classifier's loss is K × n numbers, so it runs on the host over plain arrays whatever the
// backend (the classifier downloads its logits and uploads the gradient), in double for the sums.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include <gantk/foundation/config.hpp>
#include <gantk/foundation/error.hpp>

namespace gantk {

/// Mean over the n samples of −log softmax(z)[label], for logits z stored column by column
/// (K values per sample). When grad is not null it receives ∂loss/∂z = (softmax(z) − onehot)/n,
/// in the same layout. The log-sum-exp is shifted by each column's maximum, so large logits
/// neither overflow nor lose the label's term.
/// @throws gantk::Error on a label outside [0, K) or a non-finite logit.
template <class T>
double softmax_cross_entropy(const T* logits, Index classes, Index n, const int* labels, T* grad = nullptr) {
  GANTK_CHECK(classes >= 2 && n >= 1, "softmax_cross_entropy: need at least 2 classes and 1 sample, got ", classes,
              " classes and ", n, " samples");
  double total = 0;
  for (Index j = 0; j < n; ++j) {
    const T* z = logits + j * classes;
    const int label = labels[j];
    GANTK_CHECK(label >= 0 && label < classes, "softmax_cross_entropy: sample ", j, " has label ", label,
                ", outside the ", classes, " classes");
    double top = z[0];
    for (Index k = 0; k < classes; ++k) {
      GANTK_CHECK(std::isfinite(static_cast<double>(z[k])), "softmax_cross_entropy: logit ", k, " of sample ", j,
                  " is ", z[k], " (the classifier diverged)");
      top = std::max(top, static_cast<double>(z[k]));
    }
    double sum = 0;
    for (Index k = 0; k < classes; ++k) sum += std::exp(static_cast<double>(z[k]) - top);
    const double log_sum = std::log(sum) + top;
    total += log_sum - static_cast<double>(z[label]);
    if (grad) {
      T* g = grad + j * classes;
      for (Index k = 0; k < classes; ++k) {
        const double p = std::exp(static_cast<double>(z[k]) - log_sum);
        g[k] = static_cast<T>((p - (k == label ? 1.0 : 0.0)) / static_cast<double>(n));
      }
    }
  }
  return total / static_cast<double>(n);
}

}  // namespace gantk
