// LSTM<T>: the element-wise step of the LSTM cell; gate activations are kept in gx for backward.
#include "ringdl/nn/layers/recurrent/lstm.h"

#include "ringdl/nn/layers/recurrent/detail/lstm_step.h"

namespace ringdl {

template <typename T>
LSTM<T>::LSTM(const CellOptions& options)
    : FusedCell<T>("LSTM", options.inputSize, options.hiddenSize, 4, 2, options.withBias), options_(options) {
  this->reset();
}

template <typename T>
void LSTM<T>::stepForward(int64_t t) {
  detail::lstmStepForward<T>(this->batch(), this->hidden_, this->gx(t), this->gh(t), this->state(1, t), static_cast<const T*>(nullptr),
                          this->state(1, t + 1), this->state(0, t + 1));
}

template <typename T>
void LSTM<T>::stepBackward(int64_t t, const std::vector<Tensor<T>>& dState, std::vector<Tensor<T>>& dPrev) {
  detail::lstmStepBackward<T>(this->batch(), this->hidden_, this->gx(t), this->state(1, t), this->state(1, t + 1),
                           static_cast<const T*>(nullptr), dState[0].data(), dState[1].data(), this->dgx(t),
                           dPrev[1].data());
  dPrev[0].zero();
}

template class LSTM<float>;
template class LSTM<double>;

}  // namespace ringdl
