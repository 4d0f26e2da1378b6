// Cropping along several spatial dimensions at once, shared by Cropping2D and Cropping3D: the option checks
// and the view, with errors naming the layer.
#pragma once

#include <string>
#include <vector>

#include "ringdl/tensor/tensor.h"
#include "ringdl/util/error.h"

namespace ringdl::detail {

/// Checks that a crop option is {start, end} with both >= 0.
inline void checkCrop(const std::string& layer, const char* name, const std::vector<int64_t>& crop) {
  RINGDL_CHECK(crop.size() == 2 && crop[0] >= 0 && crop[1] >= 0, layer, ": ", name,
               " must be two sizes >= 0 (from the start, from the end), got ", toString(crop));
}

/// x narrowed along dims[i] by crops[i] = {start, end}; `where` and `layout` name the layer and the input it
/// takes in errors.
template <typename T>
Tensor<T> cropped(const Tensor<T>& x, const std::vector<int64_t>& dims,
                  const std::vector<std::vector<int64_t>>& crops, int64_t rank, const std::string& where,
                  const std::string& layout) {
  RINGDL_CHECK(x.dim() == rank, where, ": takes ", layout, ", got an input of shape ", toString(x.shape()));
  Tensor<T> v = x;
  for (size_t i = 0; i < dims.size(); ++i) {
    const int64_t size = x.size(dims[i]), kept = size - crops[i][0] - crops[i][1];
    RINGDL_CHECK(kept > 0, where, ": cropping ", crops[i][0], " and ", crops[i][1], " from dimension ",
                 dims[i], " of an input of shape ", toString(x.shape()), " leaves nothing (", size,
                 " entries)");
    v = v.narrow(dims[i], crops[i][0], kept);
  }
  return v;
}

}  // namespace ringdl::detail
