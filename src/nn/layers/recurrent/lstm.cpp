// LSTM<T>: the element-wise step of the LSTM cell; gate activations are kept in gx for backward.
#include "ringdl/nn/layers/recurrent/lstm.h"

#include <cmath>

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
LSTM<T>::LSTM(const CellOptions& options)
    : FusedCell<T>("LSTM", options.inputSize, options.hiddenSize, 4, 2, options.withBias), options_(options) {
  this->reset();
}

template <typename T>
void LSTM<T>::stepForward(int64_t t) {
  const int64_t n = this->batch(), H = this->hidden_, G = 4 * H;
  T* a = this->gx(t);
  const T* gh = this->gh(t);
  for (int64_t i = 0; i < n * G; ++i) a[i] += gh[i];
  const T* cPrev = this->state(1, t);
  T *h = this->state(0, t + 1), *c = this->state(1, t + 1);
  for (int64_t r = 0; r < n; ++r) {
    T* row = a + r * G;
    sigmoidMap(row, row, 2 * H);  // i, f
    tanhMap(row + 2 * H, row + 2 * H, H);
    sigmoidMap(row + 3 * H, row + 3 * H, H);
    const T *ig = row, *fg = row + H, *gg = row + 2 * H;
    const T* cp = cPrev + r * H;
    T* cr = c + r * H;
    for (int64_t j = 0; j < H; ++j) cr[j] = fg[j] * cp[j] + ig[j] * gg[j];
    T* hr = h + r * H;
    tanhMap(cr, hr, H);
    const T* og = row + 3 * H;
    for (int64_t j = 0; j < H; ++j) hr[j] *= og[j];
  }
}

template <typename T>
void LSTM<T>::stepBackward(int64_t t, const std::vector<Tensor<T>>& dState, std::vector<Tensor<T>>& dPrev) {
  const int64_t n = this->batch(), H = this->hidden_, G = 4 * H;
  const T* a = this->gx(t);
  const T *cPrev = this->state(1, t), *c = this->state(1, t + 1);
  const T *dh = dState[0].data(), *dc = dState[1].data();
  T* dcPrev = dPrev[1].data();
  T* d = this->dgx(t);
  std::vector<T> tc(H);
  for (int64_t r = 0; r < n; ++r) {
    const T *ig = a + r * G, *fg = ig + H, *gg = ig + 2 * H, *og = ig + 3 * H;
    T *di = d + r * G, *df = di + H, *dg = di + 2 * H, *dout = di + 3 * H;
    tanhMap(c + r * H, tc.data(), H);
    for (int64_t j = 0; j < H; ++j) {
      const int64_t k = r * H + j;
      const T dct = dc[k] + dh[k] * og[j] * (T(1) - tc[j] * tc[j]);
      dout[j] = dh[k] * tc[j] * og[j] * (T(1) - og[j]);
      di[j] = dct * gg[j] * ig[j] * (T(1) - ig[j]);
      df[j] = dct * cPrev[k] * fg[j] * (T(1) - fg[j]);
      dg[j] = dct * ig[j] * (T(1) - gg[j] * gg[j]);
      dcPrev[k] = dct * fg[j];
    }
  }
  dPrev[0].zero();
}

template class LSTM<float>;
template class LSTM<double>;

}  // namespace ringdl
