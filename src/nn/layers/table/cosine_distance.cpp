// CosineDistance<T>: per row, ab = a.b, wa = 1/(|a|^2 + eps), wb = 1/(|b|^2 + eps), w = sqrt(wa wb) and
// y = ab w; then dy/da = w (b - ab wa a) and dy/db = w (a - ab wb b). Backward recomputes the three dot
// products rather than keeping them from forward (one more pass over the rows, no state).
#include "ringdl/nn/layers/table/cosine_distance.h"

#include <cmath>

#include "../../detail/row_pairs.h"

namespace ringdl {

namespace {
template <typename T>
struct RowTerms {
  T ab, wa, wb, w;
};

template <typename T>
RowTerms<T> rowTerms(const T* a, const T* b, int64_t width) {
  T ab = 0, aa = 0, bb = 0;
  for (int64_t k = 0; k < width; ++k) {
    ab += a[k] * b[k];
    aa += a[k] * a[k];
    bb += b[k] * b[k];
  }
  const T eps = static_cast<T>(CosineDistance<T>::kEpsilon);
  const T wa = T(1) / (aa + eps), wb = T(1) / (bb + eps);
  return {ab, wa, wb, std::sqrt(wa * wb)};
}
}  // namespace

template <typename T>
void CosineDistance<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  const detail::Rows rows = detail::rowsOf(inputs[0], this->where());
  output.resize({rows.count});
  const T* a = inputs[0].data();
  const T* b = inputs[1].data();
  T* y = output.data();
  for (int64_t r = 0; r < rows.count; ++r) {
    const RowTerms<T> t = rowTerms(a + r * rows.width, b + r * rows.width, rows.width);
    y[r] = t.ab * t.w;
  }
}

template <typename T>
void CosineDistance<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                        std::vector<Tensor<T>>& gradInput) {
  const detail::Rows rows = detail::rowsOf(inputs[0], this->where());
  Tensor<T>& g0 = this->gradBuffer(0, inputs[0].shape());
  Tensor<T>& g1 = this->gradBuffer(1, inputs[1].shape());
  const T* go = gradOutput.data();
  for (int64_t r = 0; r < rows.count; ++r) {
    const int64_t o = r * rows.width;
    const T* a = inputs[0].data() + o;
    const T* b = inputs[1].data() + o;
    T* ga = g0.data() + o;
    T* gb = g1.data() + o;
    const RowTerms<T> t = rowTerms(a, b, rows.width);
    const T scale = go[r] * t.w, abA = t.ab * t.wa, abB = t.ab * t.wb;
    for (int64_t k = 0; k < rows.width; ++k) {
      ga[k] = scale * (b[k] - abA * a[k]);
      gb[k] = scale * (a[k] - abB * b[k]);
    }
  }
  gradInput[0] = g0;
  gradInput[1] = g1;
}

template class CosineDistance<float>;
template class CosineDistance<double>;

}  // namespace ringdl
