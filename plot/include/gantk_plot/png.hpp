// PNG in and out through Cairo's PNG codec. Writing encodes into memory first and then hands the
// bytes to gantk's atomic writer, so a reader never sees half a picture.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <cairo.h>

#include <gantk/foundation/error.hpp>
#include <gantk/io/atomic_file.hpp>
#include <gantk_plot/cairo_status.hpp>
#include <gantk_plot/image.hpp>

namespace gantk::plot {

/// The image as PNG file bytes (8-bit RGB).
inline std::vector<std::uint8_t> encode_png(const Image& image) {
  std::vector<std::uint8_t> bytes;
  const auto append = [](void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
  };
  const cairo_status_t status = cairo_surface_write_to_png_stream(image.surface(), append, &bytes);
  check_cairo(status, "encode_png: encoding a " + std::to_string(image.width()) + " × " +
                          std::to_string(image.height()) + " image");
  return bytes;
}

/// Decodes PNG file bytes.
/// @throws gantk::Error naming Cairo's reason when the bytes are not a PNG it can read.
inline Image decode_png(const std::vector<std::uint8_t>& bytes) {
  struct Reader {
    const std::vector<std::uint8_t>* bytes;
    std::size_t at = 0;
  } reader{&bytes};
  const auto read = [](void* closure, unsigned char* data, unsigned int length) {
    auto* r = static_cast<Reader*>(closure);
    if (r->bytes->size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, r->bytes->data() + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
  };
  cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(read, &reader);
  const cairo_status_t status = cairo_surface_status(surface);
  if (status != CAIRO_STATUS_SUCCESS) cairo_surface_destroy(surface);
  check_cairo(status, "decode_png: " + std::to_string(bytes.size()) + " bytes");
  return Image(surface);
}

/// Writes the image to `path` as PNG. Atomic: readers see the old file or the whole new one.
/// @throws gantk::Error naming the path when the folder is missing or not writable.
inline void write_png(const std::string& path, const Image& image) {
  const std::vector<std::uint8_t> bytes = encode_png(image);
  io::write_bytes_atomically(path, bytes.data(), bytes.size());
}

}  // namespace gantk::plot
