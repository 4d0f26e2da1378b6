// Validation results (merging, wording) and the methods of validation_method.h: top-k by counting strictly
// higher scores, loss through the criterion.
#include "ringdl/optim/validation_method.h"

#include <cmath>
#include <sstream>

#include "ringdl/nn/registry.h"
#include "ringdl/util/error.h"

namespace ringdl {

double ValidationResult::result() const {
  if (summary) return summary->result(*this);
  return count > 0 ? total / static_cast<double>(count) : 0.0;
}

ValidationResult& ValidationResult::operator+=(const ValidationResult& other) {
  RINGDL_CHECK(method.empty() || other.method.empty() || method == other.method, "cannot add a ",
               other.method, " result to a ", method, " result");
  if (method.empty()) method = other.method, isLoss = other.isLoss;
  if (!summary) summary = other.summary;
  total += other.total;
  count += other.count;
  if (sums.empty()) {
    sums = other.sums;
  } else if (!other.sums.empty()) {
    RINGDL_CHECK(sums.size() == other.sums.size(), method, ": cannot add a result of ", other.sums.size(),
                 " statistics to one of ", sums.size(),
                 " (the batches disagree on the number of classes or on the method's options)");
    for (size_t i = 0; i < sums.size(); ++i) sums[i] += other.sums[i];
  }
  records.insert(records.end(), other.records.begin(), other.records.end());
  return *this;
}

std::string ValidationResult::toString() const {
  if (summary) return summary->toString(*this);
  std::ostringstream os;
  if (isLoss) {
    os << "(Loss: " << total << ", count: " << count << ", Average Loss: " << result() << ")";
  } else {
    os << "Accuracy(correct: " << static_cast<int64_t>(std::llround(total)) << ", count: " << count
       << ", accuracy: " << result() << ")";
  }
  return os.str();
}

template <typename T>
TopKAccuracy<T>::TopKAccuracy(int k) : k_(k) {
  RINGDL_CHECK(k_ >= 1, "TopKAccuracy needs k >= 1, got ", k_);
}

template <typename T>
ValidationResult TopKAccuracy<T>::apply(const Tensor<T>& output, const Tensor<T>& target) {
  const Tensor<T> out = output.dim() == 1 ? output.view({1, output.size(0)}) : output.contiguous();
  RINGDL_CHECK(out.dim() == 2, name(), " needs output of shape [N, classes], got ", toString(output.shape()));
  const int64_t n = out.size(0), classes = out.size(1);
  const Tensor<T> tgt = target.contiguous();
  RINGDL_CHECK(tgt.numel() == n, name(), ": output has ", n, " records but target has ", tgt.numel());
  ValidationResult r{name(), 0, n, false};
  for (int64_t i = 0; i < n; ++i) {
    const T label = tgt.data()[i];
    const int64_t c = static_cast<int64_t>(label);
    RINGDL_CHECK(c >= 0 && c < classes && static_cast<T>(c) == label, name(), ": target ", label,
                 " at position ", i, " is out of range for ", classes, " classes; labels are 0-based (0..",
                 classes - 1, ")");
    const T* row = out.data() + i * classes;
    // Rank of the true class = number of classes scoring strictly higher (ties count in its favour).
    int64_t higher = 0;
    for (int64_t j = 0; j < classes; ++j) higher += row[j] > row[c];
    if (higher < k_) r.total += 1;
  }
  return r;
}

template <typename T>
Loss<T>::Loss(CriterionPtr<T> criterion) : criterion_(std::move(criterion)) {
  RINGDL_CHECK(criterion_ != nullptr, "the Loss validation method needs a criterion");
}

template <typename T>
Loss<T>::Loss(const LossOptions& options) : Loss(createCriterion<T>(options.criterion)) {}

template <typename T>
ValidationResult Loss<T>::apply(const Tensor<T>& output, const Tensor<T>& target) {
  const int64_t n = output.dim() == 1 ? 1 : output.size(0);
  const double loss = static_cast<double>(criterion_->forward(output, target));
  return ValidationResult{"Loss", loss * static_cast<double>(n), n, true};
}

template class TopKAccuracy<float>;
template class TopKAccuracy<double>;
template class Loss<float>;
template class Loss<double>;

}  // namespace ringdl
