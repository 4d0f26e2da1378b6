// CAddTable<T>: one pass summing the entries; each entry's gradient is the output's gradient.
#include "ringdl/nn/layers/table/c_add_table.h"

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
const Activity<T>& CAddTable<T>::updateOutput(const Activity<T>& input) {
  RINGDL_CHECK(input.isTable() && !input.toTable().empty(), this->where(),
               ": expected a Table of Tensors to add, got ",
               input.isTable() ? std::string("an empty Table") : "a Tensor of shape " + ringdl::toString(input.toTensor().shape()));
  const auto& items = input.toTable();
  const Shape shape = items[0].toTensor().shape();
  for (size_t i = 1; i < items.size(); ++i)
    RINGDL_CHECK(items[i].isTensor() && items[i].toTensor().shape() == shape, this->where(), ": entry ", i,
                 " has shape ", items[i].isTensor() ? ringdl::toString(items[i].toTensor().shape()) : std::string("(a Table)"),
                 " but entry 0 has ", ringdl::toString(shape), "; CAddTable adds Tensors of one shape");
  if (!this->output_.isTensor()) this->output_ = Activity<T>(Tensor<T>());
  Tensor<T>& out = this->output_.toTensor();
  out.resize(shape);
  out.copyFrom(items[0].toTensor());
  for (size_t i = 1; i < items.size(); ++i) axpy(T(1), items[i].toTensor().contiguous(), out);
  return this->output_;
}

template <typename T>
const Activity<T>& CAddTable<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const size_t n = input.toTable().size();
  RINGDL_CHECK(gradOutput.isTensor() && gradOutput.toTensor().shape() == input[0].toTensor().shape(), this->where(),
               ": gradOutput must have the output's shape ", ringdl::toString(input[0].toTensor().shape()));
  // Every entry's gradient is gradOutput itself: shared, not copied (consumers never write into it).
  this->gradInput_ = Activity<T>::table(std::vector<Activity<T>>(n, gradOutput));
  return this->gradInput_;
}

template class CAddTable<float>;
template class CAddTable<double>;

}  // namespace ringdl
