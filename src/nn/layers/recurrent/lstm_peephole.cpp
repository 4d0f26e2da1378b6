// LSTMPeephole<T>: the LSTM step with the cell state feeding the gates.
#include "ringdl/nn/layers/recurrent/lstm_peephole.h"

#include "ringdl/nn/layers/recurrent/detail/lstm_step.h"

namespace ringdl {

template <typename T>
LSTMPeephole<T>::LSTMPeephole(const CellOptions& options)
    : FusedCell<T>("LSTMPeephole", options.inputSize, options.hiddenSize, 4, 2, options.withBias),
      options_(options) {
  peephole_ = Tensor<T>({3 * options.hiddenSize});
  gradPeephole_ = Tensor<T>({3 * options.hiddenSize});
  this->registerParameter("weight_peephole", &peephole_, &gradPeephole_);
  this->reset();
}

template <typename T>
void LSTMPeephole<T>::resetExtra() {
  this->weightInit_.apply(peephole_, this->hidden_, this->gateWidth());
}

template <typename T>
void LSTMPeephole<T>::stepForward(int64_t t) {
  detail::lstmStepForward<T>(this->batch(), this->hidden_, this->gx(t), this->gh(t), this->state(1, t),
                          static_cast<const T*>(peephole_.data()), this->state(1, t + 1), this->state(0, t + 1));
}

template <typename T>
void LSTMPeephole<T>::stepBackward(int64_t t, const std::vector<Tensor<T>>& dState,
                                   std::vector<Tensor<T>>& dPrev) {
  detail::lstmStepBackward<T>(this->batch(), this->hidden_, this->gx(t), this->state(1, t), this->state(1, t + 1),
                           static_cast<const T*>(peephole_.data()), dState[0].data(), dState[1].data(),
                           this->dgx(t), dPrev[1].data());
  dPrev[0].zero();
}

template <typename T>
void LSTMPeephole<T>::accumulateExtraGradients() {
  const int64_t n = this->batch(), H = this->hidden_, G = 4 * H;
  T *gi = gradPeephole_.data(), *gf = gi + H, *go = gi + 2 * H;
  for (int64_t t = 0; t < this->steps(); ++t) {
    const T* d = this->dgx(t);
    const T *cPrev = this->state(1, t), *c = this->state(1, t + 1);
    for (int64_t r = 0; r < n; ++r)
      for (int64_t j = 0; j < H; ++j) {
        gi[j] += d[r * G + j] * cPrev[r * H + j];
        gf[j] += d[r * G + H + j] * cPrev[r * H + j];
        go[j] += d[r * G + 3 * H + j] * c[r * H + j];
      }
  }
}

template class LSTMPeephole<float>;
template class LSTMPeephole<double>;

}  // namespace ringdl
