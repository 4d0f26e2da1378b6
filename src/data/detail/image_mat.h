// Internal: an Image seen as an OpenCV matrix without copying, and the reverse; OpenCV stays inside src/.
#pragma once

#include <cstring>
#include <opencv2/core.hpp>

#include "ringdl/data/image.h"
#include "ringdl/util/error.h"

namespace ringdl::detail {

/// A cv::Mat over the image's pixels (no copy): CV_8UC3 or CV_8UC1. Valid while the pixels are not resized.
inline cv::Mat asMat(Image& image) {
  return cv::Mat(static_cast<int>(image.height), static_cast<int>(image.width),
                 CV_8UC(static_cast<int>(image.depth())), image.pixels.data());
}
inline cv::Mat asMat(const Image& image) { return asMat(const_cast<Image&>(image)); }

/// Copies an 8-bit matrix of 1 or 3 channels (any steps) into image, with the given channel layout.
inline void toImage(const cv::Mat& mat, ImageChannels channels, Image& image) {
  RINGDL_CHECK(mat.depth() == CV_8U && mat.channels() == (channels == ImageChannels::kGrey ? 1 : 3),
               "internal: an image matrix of type ", mat.type(), " for ",
               channels == ImageChannels::kGrey ? 1 : 3, " channels");
  image.height = mat.rows;
  image.width = mat.cols;
  image.channels = channels;
  const size_t row = static_cast<size_t>(mat.cols) * static_cast<size_t>(mat.channels());
  image.pixels.resize(row * static_cast<size_t>(mat.rows));
  if (mat.isContinuous()) {
    if (!image.pixels.empty()) std::memcpy(image.pixels.data(), mat.data, image.pixels.size());
    return;
  }
  for (int y = 0; y < mat.rows; ++y) std::memcpy(image.pixels.data() + row * y, mat.ptr(y), row);
}

}  // namespace ringdl::detail
