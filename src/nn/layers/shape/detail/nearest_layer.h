// The forward and backward of the UpSampling layers around the nearest-neighbour kernel: shapes, gradOutput
// check, contiguous inputs and the layer's own buffers.
#pragma once

#include <string>

#include "nearest.h"
#include "ringdl/tensor/tensor.h"
#include "ringdl/util/error.h"

namespace ringdl::detail {

/// The output shape: the input's with each upsampled dimension (dims[k], k < 3) multiplied by its factor.
inline Shape upsampledShape(Shape shape, const NearestGeometry& g, const int64_t (&dims)[3], int count) {
  for (int k = 0; k < count; ++k) shape[dims[k]] *= g.factor[k];
  return shape;
}

template <typename T>
void nearestForward(const Tensor<T>& input, const NearestGeometry& g, const Shape& outShape,
                    Tensor<T>& buffer, Tensor<T>& output) {
  const Tensor<T> x = input.contiguous();
  buffer.resize(outShape);
  upsampleNearest(x.data(), g, buffer.data());
  output = buffer;
}

template <typename T>
void nearestBackward(const Tensor<T>& input, const Tensor<T>& gradOutput, const NearestGeometry& g,
                     const Shape& outShape, const std::string& where, Tensor<T>& buffer,
                     Tensor<T>& gradInput) {
  RINGDL_CHECK(gradOutput.shape() == outShape, where, ": gradOutput has shape ", toString(gradOutput.shape()),
               " but the output has ", toString(outShape));
  const Tensor<T> gy = gradOutput.contiguous();
  buffer.resize(input.shape());
  upsampleNearestBackward(gy.data(), g, buffer.data());
  gradInput = buffer;
}

}  // namespace ringdl::detail
