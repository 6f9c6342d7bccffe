// The checkpoint file: a versioned header, then the GAN's state sections, checked by crc32.
//
// Layout (all integers in the host's byte order, which must be little-endian to read a file;
// the byte-order mark refuses one from a big-endian host):
//   offset  size  field
//        0     8  magic "GANTKCKP"
//        8     4  format version (checkpoint_format_version; a newer one is refused)
//       12     4  byte-order mark 0x01020304
//       16     8  fingerprint of the GAN type (FNV-1a of its full type name and scalar size)
//       24     8  payload length in bytes
//       32     4  crc32 (zlib) of the payload
//       36     4  crc32 (zlib) of bytes 0..35 (a flipped length or fingerprint is "corrupt")
//       40     …  payload: sections "STEP" "GNET" "DNET" "GOPT" "DOPT" "RNGS", "CLAS" (class-
//                 conditional GANs only), then one "STRA" per strategy with state; each is a
//                 4-byte tag, a u64 length and its fields
//                 (io/state_archive.hpp; GAN::serialize_state lists them).
// Loading checks, in order: magic, header length, version, header crc, type fingerprint, payload
// length against the bytes present, payload crc, then every section and value; the GAN is
// changed only when all of it succeeded.
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <zlib.h>

#include <gantk/io/atomic_file.hpp>
#include <gantk/io/checkpoint_error.hpp>
#include <gantk/io/read_file.hpp>
#include <gantk/io/state_archive.hpp>

namespace gantk::io {

/// The format this gantk writes; it reads this and every older one.
inline constexpr std::uint32_t checkpoint_format_version = 1;

namespace detail {

inline constexpr char checkpoint_magic[8] = {'G', 'A', 'N', 'T', 'K', 'C', 'K', 'P'};
inline constexpr std::uint32_t byte_order_mark = 0x01020304u;
inline constexpr std::size_t checkpoint_header_size = 40;

inline std::uint32_t crc32_of(const unsigned char* p, std::size_t n) {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  while (n > 0) {  // zlib takes 32-bit lengths
    const auto chunk = static_cast<uInt>(n < (1u << 30) ? n : (1u << 30));
    crc = ::crc32(crc, p, chunk);
    p += chunk;
    n -= chunk;
  }
  return static_cast<std::uint32_t>(crc);
}

template <class T>
constexpr std::string_view full_type_name() {
#if defined(__GNUC__) || defined(__clang__)
  return __PRETTY_FUNCTION__;
#elif defined(_MSC_VER)
  return __FUNCSIG__;
#endif
}

/// FNV-1a over the GAN's type name (which spells its architecture, loss, strategies with their
/// template arguments, precision and backend) and its scalar size. Stable across runs and
/// processes of builds by the same compiler family.
template <class Gan>
constexpr std::uint64_t type_fingerprint() {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : full_type_name<Gan>()) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return (h ^ sizeof(typename Gan::T)) * 1099511628211ull;
}

template <class V>
void put(std::vector<unsigned char>& out, std::size_t at, const V& v) {
  std::memcpy(out.data() + at, &v, sizeof v);
}
template <class V>
V get(const unsigned char* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

[[noreturn]] inline void refuse(CheckpointError::Kind kind, const std::string& source, const std::string& why) {
  throw CheckpointError(kind, gantk::detail::concat("cannot load checkpoint ", source, ": ", why));
}

/// Checks the header and the checksums of a checkpoint of `expected` type; the payload is then
/// [data + checkpoint_header_size, data + n).
inline void check_checkpoint(const unsigned char* data, std::size_t n, std::uint64_t expected, const std::string& source) {
  using Kind = CheckpointError::Kind;
  if (n < sizeof checkpoint_magic)
    refuse(n == 0 ? Kind::Truncated : std::memcmp(data, checkpoint_magic, n) == 0 ? Kind::Truncated : Kind::NotACheckpoint,
           source, gantk::detail::concat("only ", n, " bytes"));
  if (std::memcmp(data, checkpoint_magic, sizeof checkpoint_magic) != 0)
    refuse(Kind::NotACheckpoint, source, "it does not start with GANTKCKP");
  if (n < checkpoint_header_size)
    refuse(Kind::Truncated, source, gantk::detail::concat(n, " bytes, shorter than the ", checkpoint_header_size, "-byte header"));
  const auto version = get<std::uint32_t>(data + 8);
  const auto bom = get<std::uint32_t>(data + 12);
  // the version comes before the header checksum: a later format may lay its header out anew
  if (version > checkpoint_format_version)
    refuse(Kind::NewerVersion, source,
           gantk::detail::concat("format version ", version, " is newer than this gantk's ", checkpoint_format_version,
                                 ": load it with the gantk that wrote it"));
  if (bom == 0x04030201u) refuse(Kind::Corrupt, source, "written on a host of the other byte order");
  if (get<std::uint32_t>(data + 36) != crc32_of(data, 36)) refuse(Kind::Corrupt, source, "the header's checksum does not match");
  if (version == 0 || bom != byte_order_mark)
    refuse(Kind::Corrupt, source, gantk::detail::concat("format version ", version, ", byte-order mark ", bom));
  const auto fingerprint = get<std::uint64_t>(data + 16);
  if (fingerprint != expected)
    refuse(Kind::WrongType, source,
           gantk::detail::concat("it was written by another GAN type (fingerprint ", fingerprint, ", this GAN's is ", expected,
                                 "): architecture, loss, strategies and precision must be the same"));
  const auto length = get<std::uint64_t>(data + 24);
  const std::size_t present = n - checkpoint_header_size;
  if (length > present)
    refuse(Kind::Truncated, source, gantk::detail::concat("the payload has ", present, " of its ", length, " bytes"));
  if (length < present)
    refuse(Kind::Corrupt, source, gantk::detail::concat(present - length, " bytes follow the ", length, "-byte payload"));
  if (get<std::uint32_t>(data + 32) != crc32_of(data + checkpoint_header_size, present))
    refuse(Kind::Corrupt, source, "the payload's checksum does not match (the file is damaged)");
}

}  // namespace detail

/// The checkpoint of `gan` as bytes (header and payload).
template <class Gan>
std::vector<unsigned char> checkpoint_bytes(const Gan& gan) {
  std::vector<unsigned char> out(detail::checkpoint_header_size, 0);
  gan.write_state(out);
  const std::size_t h = detail::checkpoint_header_size;
  std::memcpy(out.data(), detail::checkpoint_magic, sizeof detail::checkpoint_magic);
  detail::put(out, 8, checkpoint_format_version);
  detail::put(out, 12, detail::byte_order_mark);
  detail::put(out, 16, detail::type_fingerprint<Gan>());
  detail::put(out, 24, static_cast<std::uint64_t>(out.size() - h));
  detail::put(out, 32, detail::crc32_of(out.data() + h, out.size() - h));
  detail::put(out, 36, detail::crc32_of(out.data(), 36));
  return out;
}

/// Restores `gan` from checkpoint bytes; `source` names them in errors. On any error (a
/// CheckpointError saying why) the GAN is left unchanged.
template <class Gan>
void load_checkpoint_bytes(Gan& gan, const unsigned char* data, std::size_t n, const std::string& source = "(bytes)") {
  detail::check_checkpoint(data, n, detail::type_fingerprint<Gan>(), source);
  gan.read_state(data + detail::checkpoint_header_size, n - detail::checkpoint_header_size, source);
}

/// For fuzzing and probing: true when the bytes loaded into `gan`, false when they were refused
/// with a CheckpointError (the GAN then unchanged). Other exceptions (bad_alloc) propagate.
template <class Gan>
bool try_load_checkpoint_bytes(Gan& gan, const unsigned char* data, std::size_t n) {
  try {
    load_checkpoint_bytes(gan, data, n);
    return true;
  } catch (const CheckpointError&) {
    return false;
  }
}

/// Writes the checkpoint of `gan` to `path` atomically (temporary, fsync, rename, fsync folder).
template <class Gan>
void save_checkpoint(const Gan& gan, const std::string& path) {
  const auto bytes = checkpoint_bytes(gan);
  write_bytes_atomically(path, bytes.data(), bytes.size());
}

/// Reads a checkpoint file whole. @throws gantk::Error when it is not a readable regular file.
inline std::vector<unsigned char> read_checkpoint_file(const std::string& path) {
  return read_whole_file(path, "load checkpoint");
}

/// Restores `gan` from the checkpoint file at `path` (see load_checkpoint_bytes).
template <class Gan>
void load_checkpoint(Gan& gan, const std::string& path) {
  const auto bytes = read_checkpoint_file(path);
  load_checkpoint_bytes(gan, bytes.data(), bytes.size(), path);
}

}  // namespace gantk::io
