// GlobalAveragePooling2D<T>: one contiguous sum per plane; backward spreads each gradient over its plane.
#include "ringdl/nn/layers/pooling/global_average_pooling_2d.h"

#include "../../detail/global_pool_shape.h"

namespace ringdl {

template <typename T>
void GlobalAveragePooling2D<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const detail::GlobalPoolShape s = detail::globalPoolShape(input.shape(), this->where());
  const Tensor<T> x = input.contiguous();
  output.resize(s.outShape);
  const T inverse = T(1) / static_cast<T>(s.planeSize);
  for (int64_t p = 0; p < s.planes; ++p) {
    const T* in = x.data() + p * s.planeSize;
    T sum = T(0);
    for (int64_t i = 0; i < s.planeSize; ++i) sum += in[i];
    output.data()[p] = sum * inverse;
  }
}

template <typename T>
void GlobalAveragePooling2D<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                                Tensor<T>& gradInput) {
  const detail::GlobalPoolShape s = detail::globalPoolShape(input.shape(), this->where());
  RINGDL_CHECK_LAYER(gradOutput.shape() == s.outShape, "expected gradOutput of shape ", toString(s.outShape),
                     ", got ", toString(gradOutput.shape()));
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  const T inverse = T(1) / static_cast<T>(s.planeSize);
  for (int64_t p = 0; p < s.planes; ++p) {
    T* gi = gradInput.data() + p * s.planeSize;
    const T share = go.data()[p] * inverse;
    for (int64_t i = 0; i < s.planeSize; ++i) gi[i] = share;
  }
}

template class GlobalAveragePooling2D<float>;
template class GlobalAveragePooling2D<double>;

}  // namespace ringdl
