// FlattenTable<T>: one depth-first walk each way; the Tensors and their gradients are shared, not copied.
#include "ringdl/nn/layers/table/flatten_table.h"

#include <vector>

#include "../../detail/activity_shapes.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

namespace {
template <typename T>
void flattenInto(const Activity<T>& a, std::vector<Activity<T>>& out) {
  if (a.isTensor()) {
    out.push_back(a);
    return;
  }
  for (const Activity<T>& item : a.toTable()) flattenInto(item, out);
}

/// like's structure, its k-th Tensor replaced by flat[k] (next counts the Tensors used so far).
template <typename T>
Activity<T> nestLike(const Activity<T>& like, const std::vector<Activity<T>>& flat, size_t& next) {
  if (like.isTensor()) return flat[next++];
  std::vector<Activity<T>> items;
  items.reserve(like.toTable().size());
  for (const Activity<T>& item : like.toTable()) items.push_back(nestLike(item, flat, next));
  return Activity<T>::table(std::move(items));
}
}  // namespace

template <typename T>
const Activity<T>& FlattenTable<T>::updateOutput(const Activity<T>& input) {
  RINGDL_CHECK_LAYER(input.isTable(), "takes a Table to flatten, got ", detail::whatIs(input));
  std::vector<Activity<T>> flat;
  flattenInto(input, flat);
  this->output_ = Activity<T>::table(std::move(flat));
  return this->output_;
}

template <typename T>
const Activity<T>& FlattenTable<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  RINGDL_CHECK_LAYER(input.isTable(), "takes a Table to flatten, got ", detail::whatIs(input));
  std::vector<Activity<T>> tensors;
  flattenInto(input, tensors);
  RINGDL_CHECK_LAYER(gradOutput.isTable() && gradOutput.toTable().size() == tensors.size(),
                     "gradOutput must be a flat Table of ", tensors.size(), " Tensors (the input's), got ",
                     detail::whatIs(gradOutput));
  const std::vector<Activity<T>>& grads = gradOutput.toTable();
  for (size_t k = 0; k < grads.size(); ++k)
    RINGDL_CHECK_LAYER(grads[k].isTensor() && grads[k].toTensor().shape() == tensors[k].toTensor().shape(),
                       "gradOutput entry ", k, " is ", detail::whatIs(grads[k]), " but Tensor ", k,
                       " of the input has shape ", ringdl::toString(tensors[k].toTensor().shape()));
  size_t next = 0;
  this->gradInput_ = nestLike(input, grads, next);
  return this->gradInput_;
}

template class FlattenTable<float>;
template class FlattenTable<double>;

}  // namespace ringdl
