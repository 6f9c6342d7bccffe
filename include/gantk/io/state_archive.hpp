// StateWriter / StateReader: the byte form of a training state (checkpoints, step rollback).
//
// An object with state lists its fields once, in
//   template <class Archive> void serialize_state(Archive& a) { a.io(x_); a.io(rng_); ... }
// and the same function writes (StateWriter) and reads (StateReader), so the two can never
// disagree on the order. Values are stored in the host's byte order (the checkpoint header
// refuses a file from a host of the other order). The reader trusts nothing: every size is
// checked against the bytes left before anything is allocated, and a read past the end, a
// shape that differs from the object's, or a value out of range is a CheckpointError.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <gantk/foundation/config.hpp>
#include <gantk/io/checkpoint_error.hpp>

namespace gantk::io {

namespace detail {
template <class T>
concept PlainValue = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;
/// A dense array in host memory that a backend owns (an Eigen matrix, a reference tensor): its
/// shape, its values in storage order, and a resize for arrays whose shape is stored.
template <class M>
concept DenseArray = requires(M& m, const M& cm) {
  typename M::Scalar;
  { cm.rows() } -> std::convertible_to<gantk::Index>;
  { cm.cols() } -> std::convertible_to<gantk::Index>;
  { cm.size() } -> std::convertible_to<gantk::Index>;
  { cm.data() } -> std::convertible_to<const typename M::Scalar*>;
  m.resize(gantk::Index{}, gantk::Index{});
};
}  // namespace detail

/// Appends state to a byte buffer. Appending to a buffer whose capacity already suffices does
/// not allocate, so a per-step snapshot into a reused buffer is allocation-free.
class StateWriter {
 public:
  static constexpr bool loading = false;
  explicit StateWriter(std::vector<unsigned char>& out) : out_(out) {}

  template <detail::PlainValue T>
  void io(const T& v) {
    bytes(&v, sizeof v);
  }
  void io(const bool& v) { io(static_cast<std::uint8_t>(v ? 1 : 0)); }
  template <class T, std::size_t N>
  void io(const std::array<T, N>& a) {
    for (const auto& x : a) io(x);
  }
  /// A dense array: rows, columns, then the values in storage order.
  template <detail::DenseArray M>
  void io(const M& m) {
    io(static_cast<std::uint64_t>(m.rows()));
    io(static_cast<std::uint64_t>(m.cols()));
    bytes(m.data(), static_cast<std::size_t>(m.size()) * sizeof(typename M::Scalar));
  }
  /// Same bytes as io(m); on reading, the matrix takes the stored shape.
  template <detail::DenseArray M>
  void io_resizable(const M& m) {
    io(m);
  }
  /// An object that lists its own fields.
  template <class S>
    requires requires(S& s, StateWriter& w) { s.serialize_state(w); }
  void io(const S& s) {
    const_cast<S&>(s).serialize_state(*this);  // the writer only reads the fields it is given
  }
  /// A named section: 4-character tag, byte length, content.
  template <class F>
  void section(const char (&tag)[5], F&& content) {
    bytes(tag, 4);
    const std::size_t at = out_.size();
    io(std::uint64_t{0});
    content();
    const auto length = static_cast<std::uint64_t>(out_.size() - at - sizeof(std::uint64_t));
    std::memcpy(out_.data() + at, &length, sizeof length);
  }
  /// Checks apply when reading only.
  template <class... Parts>
  void require(bool, const Parts&...) {}

 private:
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  std::vector<unsigned char>& out_;
};

/// Reads state written by StateWriter from [data, data + n). `source` names the file in errors.
class StateReader {
 public:
  static constexpr bool loading = true;
  StateReader(const unsigned char* data, std::size_t n, std::string source)
      : p_(data), end_(data + n), source_(std::move(source)) {}

  template <detail::PlainValue T>
  void io(T& v) {
    take(&v, sizeof v, "a value");
  }
  void io(bool& v) {
    std::uint8_t b = 0;
    io(b);
    require(b <= 1, "a flag holds ", int(b), " (expected 0 or 1)");
    v = b == 1;
  }
  template <class T, std::size_t N>
  void io(std::array<T, N>& a) {
    for (auto& x : a) io(x);
  }
  /// Reads into m, whose shape must equal the stored one.
  template <detail::DenseArray M>
  void io(M& m) {
    const auto [rows, cols] = shape<M>();
    require(rows == static_cast<std::uint64_t>(m.rows()) && cols == static_cast<std::uint64_t>(m.cols()),
            "a stored ", rows, "×", cols, " array does not fit this GAN's ", m.rows(), "×", m.cols(),
            " (same GAN type, other settings?)");
    take(m.data(), static_cast<std::size_t>(m.size()) * sizeof(typename M::Scalar), "an array");
  }
  /// Reads into m after giving it the stored shape (checked against the bytes left first).
  template <detail::DenseArray M>
  void io_resizable(M& m) {
    const auto [rows, cols] = shape<M>();
    if constexpr (requires { M::RowsAtCompileTime; }) {  // a fixed-size Eigen side must match
      if constexpr (M::RowsAtCompileTime > 0)
        require(rows == static_cast<std::uint64_t>(M::RowsAtCompileTime), "a stored array has ", rows,
                " rows, expected ", M::RowsAtCompileTime);
      if constexpr (M::ColsAtCompileTime > 0)
        require(cols == static_cast<std::uint64_t>(M::ColsAtCompileTime), "a stored array has ", cols,
                " columns, expected ", M::ColsAtCompileTime);
    }
    m.resize(static_cast<gantk::Index>(rows), static_cast<gantk::Index>(cols));
    take(m.data(), static_cast<std::size_t>(m.size()) * sizeof(typename M::Scalar), "an array");
  }
  template <class S>
    requires requires(S& s, StateReader& r) { s.serialize_state(r); }
  void io(S& s) {
    s.serialize_state(*this);
  }
  template <class F>
  void section(const char (&tag)[5], F&& content) {
    char got[4];
    take(got, 4, "a section tag");
    require(std::memcmp(got, tag, 4) == 0, "expected section ", tag, ", found '", printable(got), "'");
    std::uint64_t length = 0;
    io(length);
    require(length <= left(), "section ", tag, " claims ", length, " bytes, ", left(), " are left");
    const unsigned char* const section_end = p_ + length;
    const unsigned char* const outer_end = end_;
    end_ = section_end;
    content();
    require(p_ == end_, "section ", tag, " has ", left(), " unread bytes");
    end_ = outer_end;
  }
  /// Throws CheckpointError (Corrupt) naming the source when cond is false.
  template <class... Parts>
  void require(bool cond, const Parts&... parts) {
    if (!cond) throw CheckpointError(CheckpointError::Kind::Corrupt, gantk::detail::concat(source_, ": ", parts...));
  }
  std::size_t left() const { return static_cast<std::size_t>(end_ - p_); }

 private:
  template <class M>
  std::array<std::uint64_t, 2> shape() {
    std::uint64_t rows = 0, cols = 0;
    io(rows);
    io(cols);
    const std::uint64_t limit = left() / sizeof(typename M::Scalar);
    // each side must be an Index even when the other is 0 (a 0 × 2⁶³ shape needs no bytes)
    const auto max_side = static_cast<std::uint64_t>(std::numeric_limits<gantk::Index>::max()) / sizeof(typename M::Scalar);
    require(rows <= max_side && cols <= max_side, "a stored ", rows, "×", cols, " array has a side beyond any array's");
    require((rows == 0 || cols <= limit / rows), "a stored ", rows, "×", cols, " array is larger than the ", left(),
            " bytes left");
    return {rows, cols};
  }
  void take(void* out, std::size_t n, const char* what) {
    require(n <= left(), "the data ends inside ", what, " (", n, " bytes needed, ", left(), " left)");
    if (n) std::memcpy(out, p_, n);
    p_ += n;
  }
  static std::string printable(const char* s) {
    std::string out;
    for (int i = 0; i < 4; ++i) out += (s[i] >= 32 && s[i] < 127) ? s[i] : '?';
    return out;
  }
  const unsigned char* p_;
  const unsigned char* end_;
  std::string source_;
};

}  // namespace gantk::io
