// The input rule of RoiPooling and RoiAlign: features [N, C, H, W] and rois [R, 5], each row (batch index,
// x1, y1, x2, y2) with a whole batch index in 0..N-1.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ringdl/tensor/tensor.h"
#include "ringdl/util/error.h"

namespace ringdl::detail {

struct RoiInput {
  int64_t batch, channels, height, width, rois;
  Shape outShape;  ///< [R, C, pooledH, pooledW]
};

/// Checks both entries and every roi's batch index; errors start with `where`.
template <typename T>
RoiInput roiInput(const Tensor<T>& features, const Tensor<T>& rois, int64_t pooledH, int64_t pooledW,
                  const std::string& where) {
  RINGDL_CHECK(features.dim() == 4, where, ": expected features (entry 0) of shape [N, C, H, W], got ",
               toString(features.shape()));
  RINGDL_CHECK(rois.dim() == 2 && rois.shape()[1] == 5, where,
               ": expected rois (entry 1) of shape [R, 5], rows (batch index, x1, y1, x2, y2), got ",
               toString(rois.shape()));
  RoiInput in{features.shape()[0], features.shape()[1], features.shape()[2],
              features.shape()[3], rois.shape()[0],     {}};
  in.outShape = {in.rois, in.channels, pooledH, pooledW};
  const T* r = rois.data();
  for (int64_t i = 0; i < in.rois; ++i) {
    const T b = r[i * 5];
    RINGDL_CHECK(b == std::floor(b) && b >= 0 && b < static_cast<T>(in.batch), where, ": roi ", i,
                 " has batch index ", b, ", which is not one of the ", in.batch, " images of the features ",
                 toString(features.shape()), " (0-based: 0 to ", in.batch - 1, ")");
  }
  return in;
}

}  // namespace ringdl::detail
