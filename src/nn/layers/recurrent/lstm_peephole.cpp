// LSTMPeephole<T>: the LSTM step with the cell state feeding the gates.
#include "ringdl/nn/layers/recurrent/lstm_peephole.h"

#include "ringdl/tensor/math.h"

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
  const int64_t n = this->batch(), H = this->hidden_, G = 4 * H;
  T* a = this->gx(t);
  const T* gh = this->gh(t);
  const T *pi = peephole_.data(), *pf = pi + H, *po = pi + 2 * H;
  const T* cPrev = this->state(1, t);
  T *h = this->state(0, t + 1), *c = this->state(1, t + 1);
  for (int64_t r = 0; r < n; ++r) {
    T* row = a + r * G;
    const T* ghr = gh + r * G;
    const T* cp = cPrev + r * H;
    for (int64_t j = 0; j < G; ++j) row[j] += ghr[j];
    for (int64_t j = 0; j < H; ++j) {
      row[j] += pi[j] * cp[j];
      row[H + j] += pf[j] * cp[j];
    }
    sigmoidMap(row, row, 2 * H);
    tanhMap(row + 2 * H, row + 2 * H, H);
    T* cr = c + r * H;
    for (int64_t j = 0; j < H; ++j) cr[j] = row[H + j] * cp[j] + row[j] * row[2 * H + j];
    T* og = row + 3 * H;
    for (int64_t j = 0; j < H; ++j) og[j] += po[j] * cr[j];
    sigmoidMap(og, og, H);
    T* hr = h + r * H;
    tanhMap(cr, hr, H);
    for (int64_t j = 0; j < H; ++j) hr[j] *= og[j];
  }
}

template <typename T>
void LSTMPeephole<T>::stepBackward(int64_t t, const std::vector<Tensor<T>>& dState,
                                   std::vector<Tensor<T>>& dPrev) {
  const int64_t n = this->batch(), H = this->hidden_, G = 4 * H;
  const T *pi = peephole_.data(), *pf = pi + H, *po = pi + 2 * H;
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
      dout[j] = dh[k] * tc[j] * og[j] * (T(1) - og[j]);
      // c' reaches the loss through h' and through the output gate's peephole.
      const T dct = dc[k] + dh[k] * og[j] * (T(1) - tc[j] * tc[j]) + dout[j] * po[j];
      di[j] = dct * gg[j] * ig[j] * (T(1) - ig[j]);
      df[j] = dct * cPrev[k] * fg[j] * (T(1) - fg[j]);
      dg[j] = dct * ig[j] * (T(1) - gg[j] * gg[j]);
      dcPrev[k] = dct * fg[j] + di[j] * pi[j] + df[j] * pf[j];
    }
  }
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
