// Atomic file writes: write beside the target, make it durable, then rename over it, so that a
// reader (or a crash, or a full disk) never sees half a file and the old file survives a failure.
//
// The sequence (POSIX): temporary in the target's folder (rename is atomic only within one file
// system) → the writer fills it → fsync(temporary) → rename(temporary, target) → fsync(folder),
// so that the rename itself survives a power loss. Every write, fsync and close is checked: a
// short write (ENOSPC, EIO) is an error, never a truncated target. On any failure the temporary
// is removed and the target is left as it was.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include <gantk/foundation/error.hpp>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#define GANTK_POSIX_FILES 1
#else
#include <fstream>
#define GANTK_POSIX_FILES 0
#endif

namespace gantk::io {

namespace detail {

inline std::string temporary_sibling(const std::string& path) {
  static std::atomic<unsigned> counter{0};
#if GANTK_POSIX_FILES
  const long pid = static_cast<long>(::getpid());
#else
  const long pid = 0;
#endif
  return gantk::detail::concat(path, ".tmp.", pid, ".", counter++);
}

inline std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

#if GANTK_POSIX_FILES
/// An open descriptor that closes itself; close() reports the error a delayed write may surface.
class FileDescriptor {
 public:
  FileDescriptor(const std::string& file, int flags, mode_t mode = 0644) : file_(file) {
    do fd_ = ::open(file.c_str(), flags | O_CLOEXEC, mode);
    while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) gantk::detail::fail("cannot open ", file, ": ", errno_text(errno));
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  void close() {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0 && errno != EINTR) gantk::detail::fail("cannot write ", file_, ": close failed (", errno_text(errno), ")");
  }

 private:
  std::string file_;
  int fd_ = -1;
};
#endif

/// Writes n bytes to `file` (created, or opened for writing when it exists and create_new is
/// false), checking every write: a full disk or an I/O error throws gantk::Error naming the file.
inline void write_bytes_to(const std::string& file, const void* data, std::size_t n, bool create_new = true) {
#if GANTK_POSIX_FILES
  FileDescriptor fd(file, O_WRONLY | (create_new ? O_CREAT | O_EXCL : O_TRUNC));
  const auto* p = static_cast<const unsigned char*>(data);
  std::size_t done = 0;
  while (done < n) {
    const ::ssize_t w = ::write(fd.get(), p + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0)
      gantk::detail::fail("cannot write ", file, ": write failed after ", done, " of ", n, " bytes (",
                          w < 0 ? errno_text(errno) : std::string("no progress"), ")");
    done += static_cast<std::size_t>(w);
  }
  fd.close();
#else
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  GANTK_CHECK(static_cast<bool>(out), "cannot open ", file, " for writing");
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
  out.flush();
  GANTK_CHECK(static_cast<bool>(out), "cannot write ", file, ": write failed");
#endif
}

/// fsync of a file or folder: its data (or, for a folder, the names in it) reach the disk.
inline void sync_path(const std::string& path, bool folder) {
#if GANTK_POSIX_FILES
  FileDescriptor fd(path, O_RDONLY | (folder ? O_DIRECTORY : 0));
  int rc;
  do rc = ::fsync(fd.get());
  while (rc != 0 && errno == EINTR);
  // some file systems cannot fsync a folder (EINVAL): the rename is then as durable as they allow
  if (rc != 0 && !(folder && errno == EINVAL)) gantk::detail::fail("cannot write ", path, ": fsync failed (", errno_text(errno), ")");
  fd.close();
#else
  (void)path;
  (void)folder;
#endif
}

/// Removes the temporary unless the write committed it.
struct TemporaryGuard {
  std::string path;
  bool committed = false;
  ~TemporaryGuard() {
    if (committed) return;
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace detail

/// Calls write(tmp) to produce the file under a temporary name in the same folder, fsyncs it,
/// renames it onto `path` and fsyncs the folder. On any failure (the writer throws, a write or
/// fsync fails, the target is a folder) the temporary is removed, the old file at `path` is
/// untouched, and gantk::Error names `path`.
template <class Writer>
void write_atomically(const std::string& path, Writer&& write) {
  GANTK_CHECK(!path.empty(), "cannot write a file with an empty path");
  const std::filesystem::path target(path);
  const auto folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  GANTK_CHECK(std::filesystem::is_directory(folder, ec), "cannot write ", path, ": folder ", folder.string(),
              " does not exist");
  GANTK_CHECK(!std::filesystem::is_directory(target, ec), "cannot write ", path, ": it is a folder");
  detail::TemporaryGuard tmp{detail::temporary_sibling(path)};
  try {
    write(static_cast<const std::string&>(tmp.path));
    GANTK_CHECK(std::filesystem::is_regular_file(tmp.path, ec), "nothing was written");
    detail::sync_path(tmp.path, false);
  } catch (const std::exception& e) {
    gantk::detail::fail("cannot write ", path, ": ", e.what());
  }
  std::filesystem::rename(tmp.path, target, ec);
  if (ec) gantk::detail::fail("cannot write ", path, ": rename failed (", ec.message(), ")");
  tmp.committed = true;
  detail::sync_path(folder.string(), true);
}

/// Writes n bytes to `path` atomically, every write checked.
inline void write_bytes_atomically(const std::string& path, const void* data, std::size_t n) {
  write_atomically(path, [&](const std::string& tmp) { detail::write_bytes_to(tmp, data, n); });
}

/// Writes text to `path` atomically.
inline void write_text_atomically(const std::string& path, const std::string& text) {
  write_bytes_atomically(path, text.data(), text.size());
}

}  // namespace gantk::io
