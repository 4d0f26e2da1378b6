// PairwiseDistance<T>: with d = a - b and y = ||d||_p per row, dy/da = sign(d) (|d| / y)^(p-1) and
// dy/db = -dy/da. p = 1 and p = 2 take their own loops (no pow); backward reads y from forward's output.
#include "ringdl/nn/layers/table/pairwise_distance.h"

#include <cmath>

#include "../../detail/row_pairs.h"

namespace ringdl {

template <typename T>
PairwiseDistance<T>::PairwiseDistance(const PairwiseDistanceOptions& options)
    : TableToTensor<T>("PairwiseDistance", TableEntries::exactly({"a", "b"}).ofOneShape()),
      options_(options) {
  RINGDL_CHECK(std::isfinite(options.norm) && options.norm >= 1,
               "PairwiseDistance: norm must be a number p >= 1 (the p of the p-norm), got ", options.norm);
}

namespace {
template <typename T>
T sign(T x) {
  return static_cast<T>((x > T(0)) - (x < T(0)));
}
}  // namespace

template <typename T>
void PairwiseDistance<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  const detail::Rows rows = detail::rowsOf(inputs[0], this->where());
  output.resize({rows.count});
  const T p = static_cast<T>(options_.norm);
  for (int64_t r = 0; r < rows.count; ++r) {
    const T* a = inputs[0].data() + r * rows.width;
    const T* b = inputs[1].data() + r * rows.width;
    T s = 0;
    if (p == T(1)) {
      for (int64_t k = 0; k < rows.width; ++k) s += std::abs(a[k] - b[k]);
    } else if (p == T(2)) {
      for (int64_t k = 0; k < rows.width; ++k) s += (a[k] - b[k]) * (a[k] - b[k]);
      s = std::sqrt(s);
    } else {
      for (int64_t k = 0; k < rows.width; ++k) s += std::pow(std::abs(a[k] - b[k]), p);
      s = std::pow(s, T(1) / p);
    }
    output.data()[r] = s;
  }
}

template <typename T>
void PairwiseDistance<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                          std::vector<Tensor<T>>& gradInput) {
  const detail::Rows rows = detail::rowsOf(inputs[0], this->where());
  Tensor<T>& g0 = this->gradBuffer(0, inputs[0].shape());
  Tensor<T>& g1 = this->gradBuffer(1, inputs[1].shape());
  const T p = static_cast<T>(options_.norm);
  const T* y = this->outputTensor().data();
  const T* go = gradOutput.data();
  for (int64_t r = 0; r < rows.count; ++r) {
    const int64_t o = r * rows.width;
    const T* a = inputs[0].data() + o;
    const T* b = inputs[1].data() + o;
    T* ga = g0.data() + o;
    T* gb = g1.data() + o;
    if (p == T(1)) {
      for (int64_t k = 0; k < rows.width; ++k) ga[k] = go[r] * sign(a[k] - b[k]);
    } else if (y[r] == T(0)) {
      for (int64_t k = 0; k < rows.width; ++k) ga[k] = T(0);  // a == b: the subgradient 0
    } else if (p == T(2)) {
      const T scale = go[r] / y[r];
      for (int64_t k = 0; k < rows.width; ++k) ga[k] = scale * (a[k] - b[k]);
    } else {
      for (int64_t k = 0; k < rows.width; ++k) {
        const T d = a[k] - b[k];
        ga[k] = go[r] * sign(d) * std::pow(std::abs(d) / y[r], p - T(1));
      }
    }
    for (int64_t k = 0; k < rows.width; ++k) gb[k] = -ga[k];
  }
  gradInput[0] = g0;
  gradInput[1] = g1;
}

template class PairwiseDistance<float>;
template class PairwiseDistance<double>;

}  // namespace ringdl
