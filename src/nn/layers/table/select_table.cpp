// SelectTable<T>: the selected entry and its gradient are shared, not copied (consumers never write into
// them); the zeros of the other entries live in a buffer of the layer's own.
#include "ringdl/nn/layers/table/select_table.h"

#include <vector>

#include "../../detail/activity_shapes.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
size_t SelectTable<T>::position(const Activity<T>& input) const {
  RINGDL_CHECK_LAYER(input.isTable(), "takes a Table to select entry ", options_.index, " from, got ",
                     detail::whatIs(input));
  const int64_t n = static_cast<int64_t>(input.toTable().size());
  const int64_t i = options_.index < 0 ? options_.index + n : options_.index;
  RINGDL_CHECK_LAYER(
      i >= 0 && i < n, "index ", options_.index, " is out of range for a Table of ", detail::entries(n),
      n == 0 ? std::string()
             : " (0.." + std::to_string(n - 1) + ", or -" + std::to_string(n) + "..-1 from the end)");
  return static_cast<size_t>(i);
}

template <typename T>
const Activity<T>& SelectTable<T>::updateOutput(const Activity<T>& input) {
  this->output_ = input[position(input)];
  return this->output_;
}

template <typename T>
const Activity<T>& SelectTable<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const size_t at = position(input);
  const std::vector<Activity<T>>& items = input.toTable();
  RINGDL_CHECK_LAYER(detail::sameShapes(gradOutput, items[at]), "gradOutput ", detail::shapesOf(gradOutput),
                     " must have the shape of the selected entry ", at, ", ", detail::shapesOf(items[at]));
  if (!zeros_.isTable()) zeros_ = Activity<T>::table({});
  std::vector<Activity<T>>& zeros = zeros_.toTable();
  zeros.resize(items.size());
  std::vector<Activity<T>> grads(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (i == at) {
      grads[i] = gradOutput;
      continue;
    }
    detail::zerosLike(items[i], zeros[i]);
    grads[i] = zeros[i];
  }
  this->gradInput_ = Activity<T>::table(std::move(grads));
  return this->gradInput_;
}

template class SelectTable<float>;
template class SelectTable<double>;

}  // namespace ringdl
