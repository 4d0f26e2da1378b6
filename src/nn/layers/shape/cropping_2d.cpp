// Cropping2D<T>: two narrows of the input (a view).
#include "ringdl/nn/layers/shape/cropping_2d.h"

#include "detail/crop.h"

namespace ringdl {

template <typename T>
Cropping2D<T>::Cropping2D(const Cropping2DOptions& options) : InputView<T>("Cropping2D"), options_(options) {
  detail::checkCrop("Cropping2D", "heightCrop", options.heightCrop);
  detail::checkCrop("Cropping2D", "widthCrop", options.widthCrop);
  RINGDL_CHECK(options.dataFormat == "NCHW" || options.dataFormat == "NHWC",
               "Cropping2D: dataFormat must be \"NCHW\" or \"NHWC\", got \"", options.dataFormat, "\"");
}

template <typename T>
Tensor<T> Cropping2D<T>::region(const Tensor<T>& x) const {
  const bool nchw = options_.dataFormat == "NCHW";
  return detail::cropped(x, nchw ? std::vector<int64_t>{2, 3} : std::vector<int64_t>{1, 2},
                         {options_.heightCrop, options_.widthCrop}, 4, this->where(),
                         nchw ? "[N, C, H, W] (dataFormat NCHW)" : "[N, H, W, C] (dataFormat NHWC)");
}

template class Cropping2D<float>;
template class Cropping2D<double>;

}  // namespace ringdl
