// GRU<T>: the element-wise step of the GRU cell; r, z, n are kept in gx and the hidden projection in gh.
#include "ringdl/nn/layers/recurrent/gru.h"

#include "ringdl/nn/layers/recurrent/detail/lstm_step.h"  // kParallelStepElements
#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
GRU<T>::GRU(const CellOptions& options)
    : FusedCell<T>("GRU", options.inputSize, options.hiddenSize, 3, 1, options.withBias), options_(options) {
  this->reset();
}

template <typename T>
void GRU<T>::stepForward(int64_t t) {
  const int64_t n = this->batch(), H = this->hidden_, G = 3 * H;
  T* a = this->gx(t);
  const T* gh = this->gh(t);
  const T* hPrev = this->state(0, t);
  T* h = this->state(0, t + 1);
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (n * H >= detail::kParallelStepElements)
#endif
  for (int64_t r = 0; r < n; ++r) {
    T* row = a + r * G;
    const T* ghr = gh + r * G;
    for (int64_t j = 0; j < 2 * H; ++j) row[j] += ghr[j];
    sigmoidMap(row, row, 2 * H);  // r, z
    T* ng = row + 2 * H;
    for (int64_t j = 0; j < H; ++j) ng[j] += row[j] * ghr[2 * H + j];
    tanhMap(ng, ng, H);
    const T* z = row + H;
    for (int64_t j = 0; j < H; ++j) h[r * H + j] = (T(1) - z[j]) * ng[j] + z[j] * hPrev[r * H + j];
  }
}

template <typename T>
void GRU<T>::stepBackward(int64_t t, const std::vector<Tensor<T>>& dState, std::vector<Tensor<T>>& dPrev) {
  const int64_t n = this->batch(), H = this->hidden_, G = 3 * H;
  const T* a = this->gx(t);
  const T* gh = this->gh(t);
  const T* hPrev = this->state(0, t);
  const T* dh = dState[0].data();
  T* dhPrev = dPrev[0].data();
  T *dx = this->dgx(t), *dhid = this->dgh(t);
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (n * H >= detail::kParallelStepElements)
#endif
  for (int64_t r = 0; r < n; ++r) {
    const T *rg = a + r * G, *zg = rg + H, *ng = rg + 2 * H;
    const T* ghn = gh + r * G + 2 * H;
    T *dxr = dx + r * G, *dhr = dhid + r * G;
    for (int64_t j = 0; j < H; ++j) {
      const int64_t k = r * H + j;
      const T dn = dh[k] * (T(1) - zg[j]) * (T(1) - ng[j] * ng[j]);
      const T dz = dh[k] * (hPrev[k] - ng[j]) * zg[j] * (T(1) - zg[j]);
      const T dr = dn * ghn[j] * rg[j] * (T(1) - rg[j]);
      dxr[j] = dhr[j] = dr;
      dxr[H + j] = dhr[H + j] = dz;
      dxr[2 * H + j] = dn;
      dhr[2 * H + j] = dn * rg[j];
      dhPrev[k] = dh[k] * zg[j];
    }
  }
}

template class GRU<float>;
template class GRU<double>;

}  // namespace ringdl
