// RoiPooling<T>: {features [N, C, H, W], rois [R, 5]} -> [R, C, pooledH, pooledW], the maximum over each bin
// of each region of interest (Fast R-CNN's RoI max pooling, BigDL's RoiPooling).
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct RoiPoolingOptions {
  int64_t pooledW = 0, pooledH = 0;
  double spatialScale = 0;
  template <typename V>
  void fields(V& v) {
    v("pooledW", pooledW, kRequired);
    v("pooledH", pooledH, kRequired);
    v("spatialScale", spatialScale, kRequired);
  }
};

/// Each roi row is (batch index, x1, y1, x2, y2) in image coordinates, the batch index 0-based (a whole
/// number below N). Caffe's and BigDL's rounding: the corners scale by spatialScale and round half up to
/// feature cells (x1' = floor(x1 * spatialScale + 0.5), ...); the region is (x2' - x1' + 1) x (y2' - y1' + 1)
/// cells (at least 1 x 1), and bin (ph, pw) covers rows y1' + floor(ph * h / pooledH) to y1' + ceil((ph + 1)
/// * h / pooledH) - 1 (computed exactly, in integers), columns alike, clipped to the features. A bin outside
/// them gives 0. Each bin's argmax (the first maximum) is kept for backward. The gradient goes to the
/// features only: a roi's coordinates choose cells and get no gradient, so gradInput's rois entry is zeros.
template <typename T>
class RoiPooling : public TableToTensor<T> {
 public:
  /// BigDL's argument order.
  RoiPooling(int64_t pooledW, int64_t pooledH, double spatialScale)
      : RoiPooling(RoiPoolingOptions{pooledW, pooledH, spatialScale}) {}
  explicit RoiPooling(const RoiPoolingOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit RoiPooling(const Attributes& a) : RoiPooling(optionsFrom<RoiPoolingOptions>(a, "RoiPooling")) {}

  Attributes config() const override { return attributesOf(options_); }
  const RoiPoolingOptions& options() const { return options_; }

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;

 private:
  RoiPoolingOptions options_;
  Shape featuresShape_;
  std::vector<int64_t> argmax_;  ///< per output element, the offset of its maximum in the features, or -1
};

extern template class RoiPooling<float>;
extern template class RoiPooling<double>;

}  // namespace ringdl
