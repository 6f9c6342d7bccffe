// ImageFolder: a folder of PNG images as labelled images, flat or one sub-folder per class.
//
//   flat:       folder/a.png, folder/b.png, ...          one class, named after the folder
//   by class:   folder/cat/1.png, folder/dog/1.png, ...  class k = the k-th sub-folder by name
//
// Files are taken in name order (byte-wise), sub-folders too, so the images and labels are the
// same on every machine. Only *.png files (any case of the extension) are read; other files and
// names starting with '.' are ignored. A folder that holds both PNG files and sub-folders is
// refused (which one was meant is unclear), and so is a class sub-folder without PNG files.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <gantk/backend/shape.hpp>
#include <gantk/data/labeled_images.hpp>
#include <gantk/foundation/error.hpp>
#include <gantk/io/png.hpp>

namespace gantk::data {

/// A folder of PNG images as a dataset spec: `gan.fit(data::ImageFolder{...}, ...)`, or
/// `.dataset()` once and keep it. Every image must be exactly `height` × `width` (nothing is
/// resized); it is converted to `channels` (grey → RGB repeats the grey, RGB → grey is the luma
/// 0.299 R + 0.587 G + 0.114 B, rounded; an alpha channel is dropped, not composited) and its
/// pixels scaled from 0…255 to [−1, 1], one C·H·W column per image (NCHW), as FashionMNIST does.
struct ImageFolder {
  std::string folder;  ///< PNG files, or one sub-folder of PNG files per class (see the top of the file)
  int channels = 1;    ///< 1 (grey) or 3 (RGB)
  int height = 0;      ///< every image's height in pixels
  int width = 0;       ///< every image's width in pixels

  /// Reads every image. @throws gantk::Error naming the folder or file: a missing or empty
  /// folder, PNG files beside sub-folders, an empty class, a file that cannot be read or decoded,
  /// an image of another size; or bad settings.
  LabeledImages<float> dataset() const {
    GANTK_CHECK(channels == 1 || channels == 3, "ImageFolder: channels = ", channels, " (1 for grey or 3 for RGB)");
    GANTK_CHECK(height > 0 && width > 0, "ImageFolder: set height and width to the images' size (", height, " × ",
                width, " given; nothing is resized)");
    const std::filesystem::path dir(folder);
    std::error_code ec;
    GANTK_CHECK(!folder.empty(), "ImageFolder: set ImageFolder::folder");
    GANTK_CHECK(std::filesystem::is_directory(dir, ec), "ImageFolder: ", folder, " is not a folder",
                std::filesystem::exists(dir, ec) ? "" : " (it does not exist)");
    const auto [files, folders] = list(dir);
    GANTK_CHECK(files.empty() || folders.empty(), "ImageFolder: ", folder, " holds both PNG files (", files.size(),
                ") and sub-folders (", folders.size(), ", e.g. ", folders.front().filename().string(),
                "): put the images either directly in it or one sub-folder per class");

    std::vector<std::filesystem::path> images;
    std::vector<int> labels;
    std::vector<std::string> class_names;
    if (!files.empty()) {
      images = files;
      labels.assign(files.size(), 0);
      const std::string name = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
      class_names.push_back(name);
    } else {
      GANTK_CHECK(!folders.empty(), "ImageFolder: ", folder, " holds no PNG files and no sub-folders");
      for (const auto& sub : folders) {
        const auto [class_files, nested] = list(sub);
        GANTK_CHECK(!class_files.empty(), "ImageFolder: the class folder ", sub.string(), " holds no PNG files");
        for (const auto& f : class_files) {
          images.push_back(f);
          labels.push_back(static_cast<int>(class_names.size()));
        }
        class_names.push_back(sub.filename().string());
      }
    }

    const Index features = Index(channels) * height * width;
    HostMatrix<float> pixels(features, static_cast<Index>(images.size()));
    for (std::size_t j = 0; j < images.size(); ++j) {
      const std::string path = images[j].string();
      const io::PngImage image = io::read_png(path);
      GANTK_CHECK(image.width == width && image.height == height, "ImageFolder: ", path, " is ", image.width, " × ",
                  image.height, " pixels (width × height), not the ", width, " × ", height,
                  " asked for (ImageFolder does not resize)");
      to_column(image, pixels.col(static_cast<Index>(j)).data());
    }
    return LabeledImages<float>(std::move(pixels), std::move(labels), Shape::image(1, channels, height, width),
                                std::move(class_names));
  }

 private:
  static bool hidden(const std::filesystem::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
  }

  static bool is_png_name(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".png";
  }

  /// The *.png files and the sub-folders of `dir`, each sorted by name.
  static std::pair<std::vector<std::filesystem::path>, std::vector<std::filesystem::path>> list(
      const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files, folders;
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec), end;
    GANTK_CHECK(!ec, "ImageFolder: cannot list ", dir.string(), ": ", ec.message());
    for (; it != end; it.increment(ec)) {
      GANTK_CHECK(!ec, "ImageFolder: cannot list ", dir.string(), ": ", ec.message());
      const auto& p = it->path();
      if (hidden(p)) continue;
      std::error_code kind_ec;
      if (it->is_directory(kind_ec)) folders.push_back(p);
      else if (is_png_name(p)) files.push_back(p);
    }
    GANTK_CHECK(!ec, "ImageFolder: cannot list ", dir.string(), ": ", ec.message());
    const auto by_name = [](const std::filesystem::path& a, const std::filesystem::path& b) {
      return a.filename().string() < b.filename().string();
    };
    std::sort(files.begin(), files.end(), by_name);
    std::sort(folders.begin(), folders.end(), by_name);
    return {std::move(files), std::move(folders)};
  }

  /// The image as channels × height × width values in [−1, 1] (channel-major), at `out`.
  void to_column(const io::PngImage& image, float* out) const {
    const std::size_t plane = static_cast<std::size_t>(height) * static_cast<std::size_t>(width);
    const std::size_t in_c = static_cast<std::size_t>(image.channels);
    const bool colour = image.channels >= 3;  // RGB or RGBA; otherwise grey or grey + alpha
    for (std::size_t p = 0; p < plane; ++p) {
      const std::uint8_t* px = image.pixels.data() + p * in_c;
      if (channels == 3) {
        for (std::size_t c = 0; c < 3; ++c) out[c * plane + p] = scaled(colour ? px[c] : px[0]);
      } else {
        const int grey = colour ? (299 * px[0] + 587 * px[1] + 114 * px[2] + 500) / 1000 : px[0];
        out[p] = scaled(grey);
      }
    }
  }

  static float scaled(int v) { return static_cast<float>(v) / 127.5f - 1.0f; }
};

}  // namespace gantk::data
