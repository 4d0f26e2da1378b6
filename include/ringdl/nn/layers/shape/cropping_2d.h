// Cropping2D<T>: BigDL's Keras-style Cropping2D(heightCrop, widthCrop, dataFormat): removes rows from the top
// and bottom and columns from the left and right of a batch of images [N, C, H, W] (or [N, H, W, C] with
// dataFormat "NHWC"), as a view.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ringdl/nn/layers/shape/input_view.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct Cropping2DOptions {
  std::vector<int64_t> heightCrop{0, 0}, widthCrop{0, 0};
  std::string dataFormat = "NCHW";
  template <typename V>
  void fields(V& v) {
    v("heightCrop", heightCrop);
    v("widthCrop", widthCrop);
    v("dataFormat", dataFormat);
  }
};

template <typename T>
class Cropping2D : public InputView<T> {
 public:
  /// heightCrop: {top, bottom}; widthCrop: {left, right}; all >= 0. dataFormat: "NCHW" or "NHWC".
  explicit Cropping2D(std::vector<int64_t> heightCrop = {0, 0}, std::vector<int64_t> widthCrop = {0, 0},
                      std::string dataFormat = "NCHW")
      : Cropping2D(Cropping2DOptions{std::move(heightCrop), std::move(widthCrop), std::move(dataFormat)}) {}
  explicit Cropping2D(const Cropping2DOptions& options);
  explicit Cropping2D(const Attributes& a) : Cropping2D(optionsFrom<Cropping2DOptions>(a, "Cropping2D")) {}

  Attributes config() const override { return attributesOf(options_); }
  const Cropping2DOptions& options() const { return options_; }

 protected:
  Tensor<T> region(const Tensor<T>& x) const override;

 private:
  Cropping2DOptions options_;
};

extern template class Cropping2D<float>;
extern template class Cropping2D<double>;

}  // namespace ringdl
