// The input rule of GlobalAveragePooling2D and GlobalMaxPooling2D: [N, C, H, W] or [C, H, W] input, one value
// per plane, [N, C] or [C] output.
#pragma once

#include <cstdint>
#include <string>

#include "ringdl/tensor/shape.h"
#include "ringdl/util/error.h"

namespace ringdl::detail {

struct GlobalPoolShape {
  int64_t planes, planeSize;
  Shape outShape;
};

inline GlobalPoolShape globalPoolShape(const Shape& shape, const std::string& where) {
  const size_t d = shape.size();
  RINGDL_CHECK(d == 3 || d == 4, where, ": expected input of shape [N, C, H, W] or [C, H, W], got ",
               toString(shape));
  GlobalPoolShape s{};
  s.outShape = Shape(shape.begin(), shape.end() - 2);
  s.planes = d == 4 ? shape[0] * shape[1] : shape[0];
  s.planeSize = shape[d - 2] * shape[d - 1];
  RINGDL_CHECK(s.planeSize > 0, where, ": the input has empty H x W planes (", toString(shape),
               "), which have no mean or maximum");
  return s;
}

}  // namespace ringdl::detail
