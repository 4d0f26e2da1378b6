// ImageToTensor<T>: HWC bytes to CHW planes of T.
#include "ringdl/data/image_to_tensor.h"

#include <cstring>

#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
void ImageToTensor<T>::convert(const Image& image, std::vector<T>& features, Shape& shape) const {
  const int64_t c = image.depth(), plane = image.height * image.width;
  RINGDL_CHECK(static_cast<int64_t>(image.pixels.size()) == plane * c && plane > 0, describe(),
               ": the image's ", image.pixels.size(), " bytes do not make a ", image.describe(), " image");
  features.resize(static_cast<size_t>(plane * c));
  shape = {c, image.height, image.width};
  const uint8_t* in = image.pixels.data();
  T* out = features.data();
  // Division in T, as scalePixels: the correctly rounded byte / 255 (a table of the 256 values).
  T table[256];
  for (int v = 0; v < 256; ++v) table[v] = scale_ ? static_cast<T>(v) / T(255) : static_cast<T>(v);
  if (c == 1) {
    for (int64_t i = 0; i < plane; ++i) out[i] = table[in[i]];
    return;
  }
  for (int64_t i = 0; i < plane; ++i) {
    out[i] = table[in[3 * i]];
    out[plane + i] = table[in[3 * i + 1]];
    out[2 * plane + i] = table[in[3 * i + 2]];
  }
}

template <typename T>
Tensor<T> ImageToTensor<T>::operator()(const Image& image) const {
  std::vector<T> features;
  Shape shape;
  convert(image, features, shape);
  return Tensor<T>::fromVector(shape, features);
}

template <typename T>
std::string ImageToTensor<T>::describe() const {
  return scale_ ? "ToTensor(scaled to [0, 1])" : "ToTensor(raw)";
}

template class ImageToTensor<float>;
template class ImageToTensor<double>;

}  // namespace ringdl
