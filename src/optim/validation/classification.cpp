// MAE and TreeNNAccuracy: one pass over the batch, counting per record.
#include "ringdl/optim/validation/classification.h"

#include <cstdlib>

#include "scored_batch.h"

namespace ringdl {

using validation_detail::argmax;
using validation_detail::labelAt;

template <typename T>
ValidationResult MAE<T>::apply(const Tensor<T>& output, const Tensor<T>& target) {
  const auto b = validation_detail::scoredBatch(name(), output, target);
  ValidationResult r{name(), 0, b.n, true};
  for (int64_t i = 0; i < b.n; ++i) {
    const int64_t label = labelAt(name(), b.target, i, b.classes);
    r.total += static_cast<double>(std::llabs(argmax(b.row(i), b.classes) - label));
  }
  return r;
}

template <typename T>
ValidationResult TreeNNAccuracy<T>::apply(const Tensor<T>& output, const Tensor<T>& target) {
  RINGDL_CHECK(output.dim() == 2 || output.dim() == 3, name(),
               " needs output [N, nodes, classes] (or one record [nodes, classes]), got ",
               toString(output.shape()));
  const Tensor<T> out =
      output.dim() == 2 ? output.contiguous().view({1, output.size(0), output.size(1)}) : output.contiguous();
  const int64_t n = out.size(0), nodes = out.size(1), classes = out.size(2);
  const Tensor<T> tgt = target.contiguous();
  // The root's label is the first of each record's node labels: [N, nodes], [N], one record's [nodes] or [1].
  const int64_t perRecord = output.dim() == 2 ? tgt.numel() : (tgt.numel() % n == 0 ? tgt.numel() / n : 0);
  RINGDL_CHECK(
      nodes >= 1 && perRecord >= 1 && perRecord * n == tgt.numel() && (perRecord == 1 || perRecord == nodes),
      name(), ": output ", toString(output.shape()), " has ", n, " record(s) of ", nodes,
      " nodes but target ", toString(target.shape()),
      " does not give each record one label or one per node (0-based)");
  ValidationResult r{name(), 0, n, false};
  const int64_t labelClasses = classes == 1 ? 2 : classes;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t label = labelAt(name(), tgt, i * perRecord, labelClasses);
    const T* root = out.data() + i * nodes * classes;
    const int64_t predicted = classes == 1 ? (root[0] >= T(0.5) ? 1 : 0) : argmax(root, classes);
    if (predicted == label) r.total += 1;
  }
  return r;
}

template class MAE<float>;
template class MAE<double>;
template class TreeNNAccuracy<float>;
template class TreeNNAccuracy<double>;

}  // namespace ringdl
