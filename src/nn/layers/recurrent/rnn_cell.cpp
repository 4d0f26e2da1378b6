// RnnCell<T>: the element-wise step of the plain recurrent cell.
#include "ringdl/nn/layers/recurrent/rnn_cell.h"

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
RnnCell<T>::RnnCell(const RnnCellOptions& options)
    : FusedCell<T>("RnnCell", options.inputSize, options.hiddenSize, 1, 1, options.withBias),
      options_(options),
      relu_(options.activation == "relu") {
  RINGDL_CHECK(options.activation == "tanh" || options.activation == "relu",
               "RnnCell: activation must be \"tanh\" or \"relu\", got \"", options.activation, "\"");
  this->reset();
}

template <typename T>
void RnnCell<T>::stepForward(int64_t t) {
  const int64_t m = this->batch() * this->hidden_;
  const T *gx = this->gx(t), *gh = this->gh(t);
  T* h = this->state(0, t + 1);
  for (int64_t i = 0; i < m; ++i) h[i] = gx[i] + gh[i];
  if (relu_) {
    for (int64_t i = 0; i < m; ++i) h[i] = h[i] > T(0) ? h[i] : T(0);
  } else {
    tanhMap(h, h, m);
  }
}

template <typename T>
void RnnCell<T>::stepBackward(int64_t t, const std::vector<Tensor<T>>& dState, std::vector<Tensor<T>>& dPrev) {
  const int64_t m = this->batch() * this->hidden_;
  const T* h = this->state(0, t + 1);
  const T* dh = dState[0].data();
  T* d = this->dgx(t);
  if (relu_) {
    for (int64_t i = 0; i < m; ++i) d[i] = h[i] > T(0) ? dh[i] : T(0);
  } else {
    for (int64_t i = 0; i < m; ++i) d[i] = dh[i] * (T(1) - h[i] * h[i]);
  }
  dPrev[0].zero();
}

template class RnnCell<float>;
template class RnnCell<double>;

}  // namespace ringdl
