// ImageToTensor<T>: an 8-bit HWC image as a [C, H, W] array of T, scaled to [0, 1] or raw.
#pragma once

#include <string>
#include <vector>

#include "ringdl/data/image.h"
#include "ringdl/tensor/shape.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

/// The end of the image steps (BigDL's MatToTensor, torchvision's ToTensor): pixels become channel planes
/// [C, H, W] in the image's channel order, each value byte / 255 computed in T (the same correctly rounded
/// values loadIdxDataSet and the shard decoders give, and torchvision's ToTensor) or, raw, the byte itself.
template <typename T>
class ImageToTensor {
 public:
  /// scale: byte / 255 (true) or the byte as it is (false).
  explicit ImageToTensor(bool scale = true) : scale_(scale) {}

  bool scales() const { return scale_; }
  /// Writes image's planes into features (resized to C * H * W) and its shape {C, H, W} into shape.
  void convert(const Image& image, std::vector<T>& features, Shape& shape) const;
  /// The planes as a new tensor [C, H, W].
  Tensor<T> operator()(const Image& image) const;
  /// "ToTensor(scaled to [0, 1])" or "ToTensor(raw)".
  std::string describe() const;

 private:
  bool scale_;
};

extern template class ImageToTensor<float>;
extern template class ImageToTensor<double>;

}  // namespace ringdl
