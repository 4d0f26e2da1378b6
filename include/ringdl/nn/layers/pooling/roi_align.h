// RoiAlign<T>: {features [N, C, H, W], rois [R, 5]} -> [R, C, pooledH, pooledW], the mean of bilinearly
// sampled points in each bin of each region of interest (Mask R-CNN's RoIAlign, BigDL's RoiAlign).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct RoiAlignOptions {
  double spatialScale = 0;
  int64_t samplingRatio = 0, pooledH = 0, pooledW = 0;
  std::string mode = "avg";
  bool aligned = false;
  template <typename V>
  void fields(V& v) {
    v("spatialScale", spatialScale, kRequired);
    v("samplingRatio", samplingRatio, kRequired);
    v("pooledH", pooledH, kRequired);
    v("pooledW", pooledW, kRequired);
    v("mode", mode);
    v("aligned", aligned);
  }
};

/// torchvision's roi_align: each roi row is (batch index, x1, y1, x2, y2), the batch index 0-based (a whole
/// number below N); the corners scale by spatialScale without rounding (with aligned, minus half a cell, and
/// the region may be smaller than a cell; without, it is at least 1 x 1). Each of the pooledH x pooledW bins
/// averages samplingRatio x samplingRatio points at the centres of a regular grid (samplingRatio 0:
/// ceil(region height / pooledH) x ceil(region width / pooledW) points), each bilinearly interpolated from
/// the four nearest cells; a point more than one cell outside the features counts as 0, one within a cell of
/// the border is clamped to it. Mode "max" (BigDL's) takes the largest of a bin's points instead, and its
/// gradient goes to the cells of that point (the first, on a tie); BigDL has no backward for it. A bin
/// without points gives 0. The gradient goes to the features only (gradInput's rois entry is zeros), as in
/// BigDL; torchvision's gradient to the boxes is not computed.
template <typename T>
class RoiAlign : public TableToTensor<T> {
 public:
  /// BigDL's argument order.
  RoiAlign(double spatialScale, int64_t samplingRatio, int64_t pooledH, int64_t pooledW,
           const std::string& mode = "avg", bool aligned = false)
      : RoiAlign(RoiAlignOptions{spatialScale, samplingRatio, pooledH, pooledW, mode, aligned}) {}
  explicit RoiAlign(const RoiAlignOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit RoiAlign(const Attributes& a) : RoiAlign(optionsFrom<RoiAlignOptions>(a, "RoiAlign")) {}

  Attributes config() const override { return attributesOf(options_); }
  const RoiAlignOptions& options() const { return options_; }

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;

 private:
  /// One sample point: the offsets of its four cells in a plane and their weights (all 0 outside).
  struct Sample {
    int64_t at[4];
    T w[4];
  };
  /// The sample points of roi `row` (x1 ... y2 at r), bin by bin, and how many each bin averages.
  void samplesOf(const T* r, int64_t height, int64_t width, int64_t& perBin);

  RoiAlignOptions options_;
  std::vector<Sample> samples_;  ///< of the roi being processed (reused)
  // mode "max": the features' shape of the last forward and, per output element, the sample that won (-1:
  // none).
  Shape featuresShape_;
  std::vector<int32_t> winner_;
};

extern template class RoiAlign<float>;
extern template class RoiAlign<double>;

}  // namespace ringdl
