// The checkpoint loader's fuzz target. Seeds are checkpoints of two small GAN types (a plain one,
// and one with ExperienceReplay so that a strategy section is present) after a few steps. The
// check loads each input twice: as it is (the header checks and checksums), and with its header
// rebuilt over its payload (all but the type fingerprint), so that mutations inside the payload
// reach the section parser instead of stopping at a checksum. For each load:
//   - refused (gantk::CheckpointError): the GAN must be unchanged (its checkpoint bytes equal);
//   - loaded: the GAN must re-serialise to exactly the bytes it loaded, and a reference GAN built
//     with another seed that loads the same bytes must end in the same state (a field the reader
//     skipped or read from the wrong place shows up in one comparison or the other).
// Any other exception, or a sanitizer report, is a finding.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gantk/training/gan.hpp>
#include <gantk/arch/mlp.hpp>
#include <gantk/losses/non_saturating_loss.hpp>
#include <gantk/strategies/d_inputs/experience_replay.hpp>
#include <gantk/data/gaussian_mixture.hpp>
#include <gantk/io/checkpoint.hpp>

#include "fuzz_target.hpp"

namespace gantk::fuzz {

namespace detail {

using CkptArch = MLP<Latent<2>, Data<2>, Hidden<8>>;
using CkptPlain = GAN<CkptArch, NonSaturatingLoss>;
using CkptReplay = GAN<CkptArch, NonSaturatingLoss, ExperienceReplay>;
using Bytes = std::vector<unsigned char>;

inline constexpr Index ckpt_batch = 4;
inline constexpr std::size_t replay_capacity = 8;

inline CkptPlain fresh_plain(std::uint64_t seed) { return CkptPlain{{.seed = seed}}; }
inline CkptReplay fresh_replay(std::uint64_t seed) {
  return CkptReplay{{.seed = seed}, ExperienceReplay{.capacity = replay_capacity}};
}

template <class Gan>
Gan& victim();
template <>
inline CkptPlain& victim<CkptPlain>() {
  static CkptPlain gan = fresh_plain(11);
  return gan;
}
template <>
inline CkptReplay& victim<CkptReplay>() {
  static CkptReplay gan = fresh_replay(11);
  return gan;
}

/// A GAN of another seed that has never loaded anything, for the reference load.
template <class Gan>
Gan pristine() {
  if constexpr (std::is_same_v<Gan, CkptReplay>)
    return fresh_replay(23);
  else
    return fresh_plain(23);
}

inline const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

/// `input` with a valid header (magic, version, byte-order mark, payload length and both
/// checksums) over its payload; the type fingerprint is kept as it is. The load as it is tests the
/// header checks; this one sends the mutations in the payload to the section parser.
inline std::string with_checksums_fixed(std::string_view input) {
  std::string s(input);
  const std::size_t h = io::detail::checkpoint_header_size;
  if (s.size() < h) return s;
  auto* p = reinterpret_cast<unsigned char*>(s.data());
  std::memcpy(p, io::detail::checkpoint_magic, sizeof io::detail::checkpoint_magic);
  std::memcpy(p + 8, &io::checkpoint_format_version, 4);
  std::memcpy(p + 12, &io::detail::byte_order_mark, 4);
  const auto length = static_cast<std::uint64_t>(s.size() - h);
  std::memcpy(p + 24, &length, 8);
  const std::uint32_t payload_crc = io::detail::crc32_of(p + h, s.size() - h);
  std::memcpy(p + 32, &payload_crc, 4);
  const std::uint32_t header_crc = io::detail::crc32_of(p, 36);
  std::memcpy(p + 36, &header_crc, 4);
  return s;
}

inline const char* kind_name(CheckpointError::Kind k) {
  switch (k) {
    case CheckpointError::Kind::NotACheckpoint: return "NotACheckpoint";
    case CheckpointError::Kind::NewerVersion: return "NewerVersion";
    case CheckpointError::Kind::WrongType: return "WrongType";
    case CheckpointError::Kind::Truncated: return "Truncated";
    case CheckpointError::Kind::Corrupt: return "Corrupt";
  }
  return "?";
}

/// "cannot load checkpoint (bytes): why" -> "checkpoint: <fuzz>: Kind, why" (the harness counts
/// rejections by the text after the second ": ").
inline Error refusal(const CheckpointError& e) {
  const std::string what = e.what();
  const std::size_t at = what.find("): ");
  return Error(std::string("checkpoint: <fuzz>: ") + kind_name(e.kind()) + ", " +
               (at == std::string::npos ? what : what.substr(at + 3)));
}

/// One load of `input` into the victim of type Gan; returns normally when it loaded and held,
/// throws the refusal (as gantk::Error) when it was refused and the GAN stayed unchanged.
template <class Gan>
void check_one(std::string_view input) {
  Gan& gan = victim<Gan>();
  const Bytes before = io::checkpoint_bytes(gan);
  try {
    io::load_checkpoint_bytes(gan, bytes_of(input), input.size());
  } catch (const CheckpointError& e) {
    require(io::checkpoint_bytes(gan) == before, "a refused checkpoint changed the GAN");
    throw refusal(e);
  }
  const Bytes after = io::checkpoint_bytes(gan);
  require(after.size() == input.size() && std::memcmp(after.data(), input.data(), input.size()) == 0,
          "a loaded checkpoint does not re-serialise to the bytes it was loaded from");
  Gan reference = pristine<Gan>();
  require(io::try_load_checkpoint_bytes(reference, bytes_of(input), input.size()),
          "bytes one GAN loaded were refused by another of the same type");
  require(io::checkpoint_bytes(reference) == after, "two GANs that loaded the same bytes differ");
}

/// Dispatches on the fingerprint: the replay GAN's goes to the replay GAN, anything else to the
/// plain one (which refuses a foreign fingerprint as WrongType).
inline void check_typed(std::string_view input) {
  std::uint64_t fingerprint = 0;
  if (input.size() >= 24) std::memcpy(&fingerprint, input.data() + 16, 8);
  if (fingerprint == io::detail::type_fingerprint<CkptReplay>())
    check_one<CkptReplay>(input);
  else
    check_one<CkptPlain>(input);
}

}  // namespace detail

/// The input as it is (the header checks and checksums), then with its checksums fixed (the
/// section parser). Loaded: the fixed input loaded and held; rejected: it was refused.
inline void check_checkpoint(std::string_view input) {
  try {
    detail::check_typed(input);
  } catch (const FuzzFinding&) {
    throw;
  } catch (const Error&) {
    // refused as it is, the GAN unchanged: expected for nearly every mutation
  }
  const std::string fixed = detail::with_checksums_fixed(input);
  detail::check_typed(fixed);
}

/// Through a real file (load_checkpoint): the same outcome as from memory.
inline void check_checkpoint_file(const std::string& path, std::string_view input) {
  const std::string fixed = detail::with_checksums_fixed(input);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(fixed.data(), static_cast<std::streamsize>(fixed.size()));
    require(static_cast<bool>(out), "cannot write the fuzz input file");
  }
  std::uint64_t fingerprint = 0;
  if (fixed.size() >= 24) std::memcpy(&fingerprint, fixed.data() + 16, 8);
  const auto outcome = [&](auto& gan, bool from_file) -> std::string {
    try {
      if (from_file)
        io::load_checkpoint(gan, path);
      else
        io::load_checkpoint_bytes(gan, detail::bytes_of(fixed), fixed.size());
    } catch (const CheckpointError& e) {
      return detail::kind_name(e.kind());
    }
    const detail::Bytes b = io::checkpoint_bytes(gan);
    return std::string(b.begin(), b.end());
  };
  const auto compare = [&](auto make) {
    auto a = make();
    auto b = make();
    const std::string from_memory = outcome(a, false), from_file = outcome(b, true);
    require(from_memory == from_file, "a file and the same bytes in memory load differently");
  };
  if (fingerprint == io::detail::type_fingerprint<detail::CkptReplay>())
    compare([] { return detail::pristine<detail::CkptReplay>(); });
  else
    compare([] { return detail::pristine<detail::CkptPlain>(); });
  check_checkpoint(input);
}

inline FuzzTarget checkpoint_fuzz_target() {
  FuzzTarget t{"checkpoint", {}, &check_checkpoint, &check_checkpoint_file};
  const auto ring = data::Ring{}.dataset();
  const auto seed_of = [](const auto& gan) {
    const detail::Bytes b = io::checkpoint_bytes(gan);
    return std::string(b.begin(), b.end());
  };
  auto plain = detail::fresh_plain(1);
  t.seeds.push_back(seed_of(plain));  // before any step: empty moments, step 0
  for (int s = 0; s < 3; ++s) plain.train_step(ring, detail::ckpt_batch);
  t.seeds.push_back(seed_of(plain));
  auto replay = detail::fresh_replay(2);
  replay.train_step(ring, detail::ckpt_batch);
  t.seeds.push_back(seed_of(replay));  // buffer half full
  for (int s = 0; s < 3; ++s) replay.train_step(ring, detail::ckpt_batch);
  t.seeds.push_back(seed_of(replay));  // buffer full, slots replaced
  return t;
}

}  // namespace gantk::fuzz
