// PNG output through stb_image_write, written atomically.
//
// stb_image_write is compiled into the including translation unit with internal linkage
// (STB_IMAGE_WRITE_STATIC), so gantk stays header-only and needs no library to link. A program
// that already compiles stb_image_write itself defines GANTK_STB_IMAGE_WRITE_PROVIDED before
// including this header, and gantk then uses its declarations only.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <gantk/core/error.hpp>
#include <gantk/io/atomic_file.hpp>
#include <gantk/io/image.hpp>

#if !defined(GANTK_STB_IMAGE_WRITE_PROVIDED)
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#endif
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#endif
// Debian and Ubuntu (libstb-dev) install the stb headers under stb/; other layouts put them
// directly on the include path.
#if __has_include(<stb/stb_image_write.h>)
#include <stb/stb_image_write.h>
#elif __has_include(<stb_image_write.h>)
#include <stb_image_write.h>
#else
#error "gantk/io/png.hpp needs stb_image_write.h (Debian/Ubuntu: apt-get install libstb-dev)"
#endif
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace gantk::io {

/// The image as PNG file bytes.
inline std::vector<std::uint8_t> encode_png(const Image& image) {
  GANTK_CHECK(image.width() > 0 && image.height() > 0, "encode_png: the image is empty");
  std::vector<std::uint8_t> bytes;
  const auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    const auto* p = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), p, p + size);
  };
  const int ok = stbi_write_png_to_func(append, &bytes, image.width(), image.height(), 3, image.data(), image.width() * 3);
  GANTK_CHECK(ok != 0 && !bytes.empty(), "encode_png: stb_image_write failed on a ", image.width(), " × ",
              image.height(), " image");
  return bytes;
}

/// Writes the image to `path` as PNG. Atomic: readers see the old file or the whole new one.
/// @throws gantk::Error naming the path when the folder is missing or not writable.
inline void write_png(const std::string& path, const Image& image) {
  const std::vector<std::uint8_t> bytes = encode_png(image);
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    GANTK_CHECK(static_cast<bool>(out), "cannot open ", tmp, " for writing");
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    GANTK_CHECK(static_cast<bool>(out), "write to ", tmp, " failed");
  });
}

}  // namespace gantk::io
