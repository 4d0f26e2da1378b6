// CategoricalCrossEntropy<T>: one pass per row over the probabilities; sums in double.
#include "ringdl/nn/criterions/categorical_cross_entropy.h"

#include <cmath>

namespace ringdl {

namespace {
struct NoOptions {
  template <typename V>
  void fields(V&) {}
};
}  // namespace

template <typename T>
CategoricalCrossEntropy<T>::CategoricalCrossEntropy(const Attributes& a) : CategoricalCrossEntropy() {
  optionsFrom<NoOptions>(a, "CategoricalCrossEntropy");  // rejects any key
}

template <typename T>
int64_t CategoricalCrossEntropy<T>::readLabels(const Tensor<T>& input, const Tensor<T>& target) {
  RINGDL_CHECK_CRITERION((input.dim() == 1 || input.dim() == 2) && input.numel() > 0,
                         "expected input probabilities of shape [N, C] or [C], got ",
                         toString(input.shape()));
  RINGDL_CHECK_CRITERION(target.shape() == input.shape(), "target of shape ", toString(target.shape()),
                         " does not match input of shape ", toString(input.shape()),
                         "; the target is one-hot, one row of C entries per input row (for class indices use "
                         "CrossEntropyCriterion)");
  const int64_t rows = input.dim() == 2 ? input.size(0) : 1, classes = input.size(-1);
  const Tensor<T> x = input.contiguous(), t = target.contiguous();
  labels_.resize(rows);
  for (int64_t r = 0; r < rows; ++r) {
    const T* p = x.data() + r * classes;
    const T* tr = t.data() + r * classes;
    int64_t best = 0;
    for (int64_t c = 0; c < classes; ++c) {
      RINGDL_CHECK_CRITERION(p[c] > T(0) && std::isfinite(p[c]), "input ", p[c], " at row ", r, ", class ", c,
                             " is not a probability > 0; the input is a SoftMax's output (for scores use "
                             "CrossEntropyCriterion)");
      if (tr[c] > tr[best]) best = c;
    }
    labels_[r] = best;
  }
  return rows;
}

template <typename T>
T CategoricalCrossEntropy<T>::updateOutput(const Tensor<T>& input, const Tensor<T>& target) {
  const int64_t rows = readLabels(input, target), classes = input.size(-1);
  const Tensor<T> x = input.contiguous();
  double loss = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const T* p = x.data() + r * classes;
    double s = 0;
    for (int64_t c = 0; c < classes; ++c) s += p[c];
    loss += std::log(s) - std::log(static_cast<double>(p[labels_[r]]));
  }
  return static_cast<T>(loss / static_cast<double>(rows));
}

template <typename T>
void CategoricalCrossEntropy<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& target,
                                                 Tensor<T>& gradInput) {
  const int64_t rows = readLabels(input, target), classes = input.size(-1);
  const Tensor<T> x = input.contiguous();
  gradInput.resize(input.shape());
  const double norm = 1.0 / static_cast<double>(rows);
  for (int64_t r = 0; r < rows; ++r) {
    const T* p = x.data() + r * classes;
    T* g = gradInput.data() + r * classes;
    double s = 0;
    for (int64_t c = 0; c < classes; ++c) s += p[c];
    for (int64_t c = 0; c < classes; ++c) g[c] = static_cast<T>(norm / s);
    const int64_t l = labels_[r];
    g[l] = static_cast<T>(norm * (1 / s - 1 / static_cast<double>(p[l])));
  }
}

template <typename T>
std::optional<double> CategoricalCrossEntropy<T>::batchNormalizer(const Activity<T>& input,
                                                                  const Activity<T>& /*target*/) const {
  const Tensor<T>& x = input.toTensor();
  return static_cast<double>(x.dim() == 2 ? x.size(0) : 1);
}

template class CategoricalCrossEntropy<float>;
template class CategoricalCrossEntropy<double>;

}  // namespace ringdl
