// Trains gantk's Fashion-MNIST classifier (metrics/fashion_classifier.hpp), the feature network of
// the image metrics, caches its weights and prints its test accuracy. Programs that need it train
// it themselves on first use; this one does it ahead, or again with --retrain.
//
//   ./build/examples/fashion-classifier [--retrain] [--epochs 6] [--cache FILE] [--data FOLDER]
#include <gantk/metrics/fashion_classifier.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

int main(int argc, char** argv) try {
  gantk::metrics::FashionClassifierOptions options;
  bool retrain = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--retrain") {
      retrain = true;
      continue;
    }
    if (i + 1 >= argc || (flag != "--epochs" && flag != "--cache" && flag != "--data")) {
      std::cerr << "usage: fashion-classifier [--retrain] [--epochs N] [--cache FILE] [--data FOLDER]\n";
      return 2;
    }
    const std::string value = argv[++i];
    if (flag == "--epochs") options.epochs = std::stoi(value);
    else if (flag == "--cache") options.cache = value;
    else options.data_folder = value;
  }
  if (retrain && std::filesystem::exists(options.cache)) std::filesystem::remove(options.cache);
  const auto start = std::chrono::steady_clock::now();
  const auto trained = gantk::metrics::fashion_classifier(options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s classifier (%ld epochs): test accuracy %.2f %% (%.0f s)\ncache: %s\n",
              trained.from_cache ? "cached" : "trained", trained.classifier.epochs(), 100 * trained.test_accuracy,
              seconds, options.cache.c_str());
  return trained.test_accuracy >= 0.9 ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << "fashion-classifier: " << e.what() << '\n';
  return 1;
}
