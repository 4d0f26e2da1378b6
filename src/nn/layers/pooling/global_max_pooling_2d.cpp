// GlobalMaxPooling2D<T>: one contiguous scan per plane, keeping its argmax, so that backward is a scatter.
#include "ringdl/nn/layers/pooling/global_max_pooling_2d.h"

#include "../../detail/global_pool_shape.h"

namespace ringdl {

template <typename T>
void GlobalMaxPooling2D<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const detail::GlobalPoolShape s = detail::globalPoolShape(input.shape(), this->where());
  forwardShape_ = input.shape();
  const Tensor<T> x = input.contiguous();
  output.resize(s.outShape);
  argmax_.resize(s.planes);
  for (int64_t p = 0; p < s.planes; ++p) {
    const T* in = x.data() + p * s.planeSize;
    int64_t at = 0;
    for (int64_t i = 1; i < s.planeSize; ++i)  // a NaN wins, the last one (PyTorch's rule)
      if (in[i] > in[at] || in[i] != in[i]) at = i;
    argmax_[p] = at;
    output.data()[p] = in[at];
  }
}

template <typename T>
void GlobalMaxPooling2D<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                            Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(input.shape() == forwardShape_,
                     "backward needs the input of the last forward, of shape ", toString(forwardShape_),
                     ", got ", toString(input.shape()));
  const detail::GlobalPoolShape s = detail::globalPoolShape(input.shape(), this->where());
  RINGDL_CHECK_LAYER(gradOutput.shape() == s.outShape, "expected gradOutput of shape ", toString(s.outShape),
                     ", got ", toString(gradOutput.shape()));
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  gradInput.zero();
  for (int64_t p = 0; p < s.planes; ++p) gradInput.data()[p * s.planeSize + argmax_[p]] = go.data()[p];
}

template class GlobalMaxPooling2D<float>;
template class GlobalMaxPooling2D<double>;

}  // namespace ringdl
