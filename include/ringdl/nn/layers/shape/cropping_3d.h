// Cropping3D<T>: BigDL's Keras-style Cropping3D(dim1Crop, dim2Crop, dim3Crop, dataFormat): removes entries
// from both ends of the three spatial dimensions of a batch of volumes [N, C, D1, D2, D3] (or [N, D1, D2, D3,
// C] with dataFormat "channel_last"), as a view.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ringdl/nn/layers/shape/input_view.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct Cropping3DOptions {
  std::vector<int64_t> dim1Crop{1, 1}, dim2Crop{1, 1}, dim3Crop{1, 1};
  std::string dataFormat = "channel_first";
  template <typename V>
  void fields(V& v) {
    v("dim1Crop", dim1Crop);
    v("dim2Crop", dim2Crop);
    v("dim3Crop", dim3Crop);
    v("dataFormat", dataFormat);
  }
};

template <typename T>
class Cropping3D : public InputView<T> {
 public:
  /// Each crop: {from the start, from the end}, >= 0 (BigDL's default 1 each). dataFormat: "channel_first"
  /// or "channel_last".
  explicit Cropping3D(std::vector<int64_t> dim1Crop = {1, 1}, std::vector<int64_t> dim2Crop = {1, 1},
                      std::vector<int64_t> dim3Crop = {1, 1}, std::string dataFormat = "channel_first")
      : Cropping3D(Cropping3DOptions{std::move(dim1Crop), std::move(dim2Crop), std::move(dim3Crop),
                                     std::move(dataFormat)}) {}
  explicit Cropping3D(const Cropping3DOptions& options);
  explicit Cropping3D(const Attributes& a) : Cropping3D(optionsFrom<Cropping3DOptions>(a, "Cropping3D")) {}

  Attributes config() const override { return attributesOf(options_); }
  const Cropping3DOptions& options() const { return options_; }

 protected:
  Tensor<T> region(const Tensor<T>& x) const override;

 private:
  Cropping3DOptions options_;
};

extern template class Cropping3D<float>;
extern template class Cropping3D<double>;

}  // namespace ringdl
