// Cropping3D<T>: three narrows of the input (a view).
#include "ringdl/nn/layers/shape/cropping_3d.h"

#include "detail/crop.h"

namespace ringdl {

template <typename T>
Cropping3D<T>::Cropping3D(const Cropping3DOptions& options) : InputView<T>("Cropping3D"), options_(options) {
  detail::checkCrop("Cropping3D", "dim1Crop", options.dim1Crop);
  detail::checkCrop("Cropping3D", "dim2Crop", options.dim2Crop);
  detail::checkCrop("Cropping3D", "dim3Crop", options.dim3Crop);
  RINGDL_CHECK(options.dataFormat == "channel_first" || options.dataFormat == "channel_last",
               "Cropping3D: dataFormat must be \"channel_first\" or \"channel_last\", got \"",
               options.dataFormat, "\"");
}

template <typename T>
Tensor<T> Cropping3D<T>::region(const Tensor<T>& x) const {
  const bool first = options_.dataFormat == "channel_first";
  return detail::cropped(x, first ? std::vector<int64_t>{2, 3, 4} : std::vector<int64_t>{1, 2, 3},
                         {options_.dim1Crop, options_.dim2Crop, options_.dim3Crop}, 5, this->where(),
                         first ? "[N, C, D1, D2, D3] (dataFormat channel_first)"
                               : "[N, D1, D2, D3, C] (dataFormat channel_last)");
}

template class Cropping3D<float>;
template class Cropping3D<double>;

}  // namespace ringdl
