// Classifier<Spec>: a Sequential trained with softmax cross-entropy on labelled images.
//
// It exists for the metrics: image metrics compare real and generated images in the feature space
// of a classifier trained on the real data (metrics/fashion_classifier.hpp), and count the classes
// it sees among generated images. Its features are the input of its last layer.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include <gantk/backend/cpu.hpp>
#include <gantk/data/labeled_images.hpp>
#include <gantk/io/checkpoint.hpp>
#include <gantk/io/state_archive.hpp>
#include <gantk/nn/model.hpp>
#include <gantk/nn/sequential.hpp>
#include <gantk/nn/softmax_cross_entropy.hpp>
#include <gantk/optim/optimizers.hpp>
#include <gantk/training/progress.hpp>

namespace gantk {

/// Settings of a Classifier.
struct ClassifierConfig {
  Optimizer optimizer = Adam{.lr = 1e-3, .beta1 = 0.9, .beta2 = 0.999};
  Index batch = 64;        ///< images per update
  std::uint64_t seed = 1;  ///< initial weights, shuffling and dropout
  Progress progress = Progress::Auto;
  std::ostream* log = &std::cerr;  ///< where the progress goes
};

namespace detail {
template <class Spec>
struct ClassifierSpecCheck {
  static_assert(is_sequential<Spec>::value, "Classifier<Spec>: Spec must be a gantk::Sequential<...>");
  static_assert(Spec::declared_input > 0,
                "Classifier<Spec>: the Sequential must name its input (Sequential<Image<C, H, W>, ...> or "
                "Sequential<In<D>, ...>)");
  static constexpr bool ok = true;
};
}  // namespace detail

/// A classifier over images of Spec's input shape; its last layer's width is the class count.
template <class Spec, class Precision = float, class B = CpuBackend<Precision>>
class Classifier {
  static_assert(detail::ClassifierSpecCheck<Spec>::ok);

 public:
  using T = Precision;
  using Net = typename Spec::template bind<B, Spec::declared_input>;
  using Backend = B;
  using Scalar = T;
  using HostMatrix = gantk::HostMatrix<T>;
  static constexpr int input_width = Net::in_width;
  static constexpr int classes = Net::out_width;
  static_assert(Net::depth >= 2, "Classifier<Spec>: features are the input of the last layer, so Spec needs two layers");
  static_assert(classes >= 2, "Classifier<Spec>: the last layer's width is the class count, which must be at least 2");
  /// Width of features(): the input of the last layer.
  static constexpr int feature_width = Net::in_widths[Net::depth - 1];

  explicit Classifier(ClassifierConfig config = {})
      : config_(config), rng_(config.seed), optimizer_(config.optimizer, Net::param_count) {
    GANTK_CHECK(config_.batch >= 1, "Classifier: batch must be at least 1, got ", config_.batch);
    Rng init = rng_.split(1);
    model_.init(init);
  }

  /// One pass over the images in a random order, in batches (the last one smaller). Returns the
  /// mean cross-entropy of the batches. @throws gantk::Error on a shape or class-count mismatch,
  /// or when the loss or the parameters stop being finite.
  template <class S>
  double train_epoch(const data::LabeledImages<S>& data) {
    check_data(data, "train_epoch");
    const Index n = data.size();
    std::vector<Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Index(0));
    for (Index i = n - 1; i > 0; --i)  // Fisher–Yates
      std::swap(order[static_cast<std::size_t>(i)], order[rng_.below(static_cast<std::uint32_t>(i + 1))]);

    const Index batches = (n + config_.batch - 1) / config_.batch;
    detail::ProgressDisplay progress(config_.progress, batches, *config_.log,
                                     "epoch " + std::to_string(epochs_ + 1));
    double sum = 0;
    for (Index b = 0; b < batches; ++b) {
      const Index first = b * config_.batch, m = std::min(config_.batch, n - first);
      sum += train_batch(data, order.data() + first, m);
      progress.update_with(b + 1, [&] { return "loss " + std::to_string(sum / static_cast<double>(b + 1)); });
    }
    progress.finish_with(batches, [&] { return "loss " + std::to_string(sum / static_cast<double>(batches)); });
    ++epochs_;
    images_seen_ += n;
    return sum / static_cast<double>(batches);
  }

  /// Logits (classes × n) of images (input_width × n), in evaluation mode.
  template <class Derived>
  HostMatrix logits(const Eigen::MatrixBase<Derived>& images) const {
    return evaluate(images, Net::depth - 1, classes);
  }
  /// Features (feature_width × n): the input of the last layer, in evaluation mode.
  template <class Derived>
  HostMatrix features(const Eigen::MatrixBase<Derived>& images) const {
    return evaluate(images, Net::depth - 2, feature_width);
  }
  /// Class probabilities (classes × n): the softmax of the logits.
  template <class Derived>
  HostMatrix probabilities(const Eigen::MatrixBase<Derived>& images) const {
    HostMatrix z = logits(images);
    for (Index j = 0; j < z.cols(); ++j) {
      z.col(j).array() -= z.col(j).maxCoeff();
      z.col(j) = z.col(j).array().exp().matrix();
      z.col(j) /= z.col(j).sum();
    }
    return z;
  }
  /// The arg-max class of each image.
  template <class Derived>
  std::vector<int> predict(const Eigen::MatrixBase<Derived>& images) const {
    const HostMatrix z = logits(images);
    std::vector<int> out(static_cast<std::size_t>(z.cols()));
    for (Index j = 0; j < z.cols(); ++j) {
      Index best = 0;
      z.col(j).maxCoeff(&best);
      out[static_cast<std::size_t>(j)] = static_cast<int>(best);
    }
    return out;
  }
  /// The fraction of images whose predicted class is their label.
  template <class S>
  double accuracy(const data::LabeledImages<S>& data) const {
    check_data(data, "accuracy");
    const std::vector<int> predicted = predict(data.images());
    Index right = 0;
    for (std::size_t j = 0; j < predicted.size(); ++j) right += predicted[j] == data.labels()[j];
    return static_cast<double>(right) / static_cast<double>(data.size());
  }

  long epochs() const { return epochs_; }
  /// Images trained on so far, over all epochs.
  long images_seen() const { return images_seen_; }
  double learning_rate() const { return optimizer_.learning_rate(); }
  /// @throws gantk::Error unless lr is positive and finite.
  void set_learning_rate(double lr) { optimizer_.set_learning_rate(lr); }
  const Model<Net>& model() const { return model_; }

  /// Writes parameters, running statistics, optimizer and random stream to `path` atomically
  /// (the checkpoint format of io/checkpoint.hpp, typed by this classifier's type).
  void save(const std::string& path) const { io::save_checkpoint(*this, path); }
  /// @throws gantk::CheckpointError when the file is missing, damaged or of another classifier type.
  void load(const std::string& path) { io::load_checkpoint(*this, path); }

  // ---- the checkpoint contract (io/checkpoint.hpp) ----
  void write_state(std::vector<unsigned char>& out) const {
    io::StateWriter w(out);
    const_cast<Classifier&>(*this).serialize_state(w);  // the writer only reads
  }
  void read_state(const unsigned char* data, std::size_t n, const std::string& source) {
    Classifier copy = *this;  // all or nothing: a failed read leaves this classifier as it was
    io::StateReader r(data, n, source);
    copy.serialize_state(r);
    r.require(r.left() == 0, r.left(), " bytes after the classifier's state");
    *this = std::move(copy);
  }

 private:
  using Matrix = typename B::Matrix;
  using Tape = typename Net::Tape;

  template <class Archive>
  void serialize_state(Archive& a) {
    a.io(model_.params);
    a.io(model_.state);
    a.io(optimizer_);
    a.io(rng_);
    a.io(epochs_);
    a.io(images_seen_);
    a.require(epochs_ >= 0 && images_seen_ >= 0, "a classifier of ", epochs_, " epochs and ", images_seen_, " images");
  }

  template <class S>
  void check_data(const data::LabeledImages<S>& data, const char* what) const {
    GANTK_CHECK(data.image_shape().features() == input_width, "Classifier::", what, ": images have ",
                data.image_shape().features(), " values, the network takes ", input_width);
    GANTK_CHECK(data.classes() == classes, "Classifier::", what, ": the data has ", data.classes(),
                " classes, the network's last layer ", classes);
    GANTK_CHECK(data.size() > 0, "Classifier::", what, ": no images");
  }

  template <class S>
  double train_batch(const data::LabeledImages<S>& data, const Index* rows, Index m) {
    host_batch_.resize(input_width, m);
    labels_.resize(static_cast<std::size_t>(m));
    for (Index j = 0; j < m; ++j) {
      host_batch_.col(j) = data.images().col(rows[j]).template cast<T>();
      labels_[static_cast<std::size_t>(j)] = data.labels()[static_cast<std::size_t>(rows[j])];
    }
    batch_.resize(input_width, m);
    B::upload(B::view(batch_), host_batch_.data());
    Pass pass{Mode::Train, &rng_};
    const auto y = model_.net.forward(model_.params.data(), model_.state.data(), B::cview(batch_), tape_, pass);
    host_logits_.resize(classes, m);
    B::download(host_logits_.data(), y);
    host_grad_.resize(classes, m);
    const double loss = softmax_cross_entropy(host_logits_.data(), classes, m, labels_.data(), host_grad_.data());
    grad_.resize(classes, m);
    B::upload(B::view(grad_), host_grad_.data());
    B::fill(B::view(model_.grads), T(0));
    model_.net.backward(model_.params.data(), tape_, B::cview(grad_), model_.grads.data(), B::none());
    GANTK_CHECK(optimizer_.step(model_.params.data(), model_.grads.data()),
                "Classifier: the parameters are no longer finite after update ", optimizer_.steps(),
                " (loss ", loss, "); lower the learning rate");
    return loss;
  }

  /// Runs the network in evaluation mode in chunks and keeps the output of layer `layer`.
  template <class Derived>
  HostMatrix evaluate(const Eigen::MatrixBase<Derived>& images, std::size_t layer, Index width) const {
    GANTK_CHECK(images.rows() == input_width, "Classifier: images have ", images.rows(), " values, the network takes ",
                input_width);
    constexpr Index chunk = 512;
    const Index n = images.cols();
    HostMatrix out(width, n), host_in;
    Matrix in;
    Tape tape;
    auto state = model_.state;  // evaluation must not move running statistics
    for (Index first = 0; first < n; first += chunk) {
      const Index m = std::min(chunk, n - first);
      host_in = images.middleCols(first, m).template cast<T>();
      in.resize(input_width, m);
      B::upload(B::view(in), host_in.data());
      Pass pass{Mode::Eval, nullptr};
      model_.net.forward(model_.params.data(), state.data(), B::cview(in), tape, pass);
      B::download(out.data() + first * width, B::cview(tape.out[layer]));
    }
    return out;
  }

  ClassifierConfig config_;
  Rng rng_;
  Model<Net> model_;
  OptimizerState<T, B> optimizer_;
  long epochs_ = 0;
  long images_seen_ = 0;
  Tape tape_;
  Matrix batch_, grad_;
  HostMatrix host_batch_, host_logits_, host_grad_;
  std::vector<int> labels_;
};

}  // namespace gantk
