// CheckpointError: why a checkpoint was refused, as a kind a program can branch on.
#pragma once

#include <string>

#include <gantk/foundation/error.hpp>

namespace gantk {

/// Thrown when a checkpoint cannot be loaded. `kind` says why; the message names the file
/// (or "bytes" for an in-memory checkpoint) and the value that was wrong.
class CheckpointError : public Error {
 public:
  enum class Kind {
    NotACheckpoint,  ///< the file does not start with the checkpoint magic
    NewerVersion,    ///< written by a newer gantk whose format this one cannot read
    WrongType,       ///< written by a GAN of another type (architecture, loss, strategies, precision)
    Truncated,       ///< the file ends before the data its header promises
    Corrupt,         ///< a checksum does not match, or the data contradicts the GAN's settings
  };
  CheckpointError(Kind kind, const std::string& what) : Error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace gantk
