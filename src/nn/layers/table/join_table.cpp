// JoinTable<T>: entries viewed as [outer, size(d) * inner] blocks, copied side by side into the output and
// back out of gradOutput, one contiguous run per outer index.
#include "ringdl/nn/layers/table/join_table.h"

#include <algorithm>
#include <vector>

#include "../../detail/activity_shapes.h"
#include "../../detail/table_dimensions.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
JoinTable<T>::JoinTable(JoinTableOptions options) : Module<T>("JoinTable"), options_(options) {
  RINGDL_CHECK(options_.nInputDims >= 0, "JoinTable: nInputDims must be 0 (no batch rule) or positive, got ",
               options_.nInputDims);
}

template <typename T>
Shape JoinTable<T>::joinedShape(const Activity<T>& input, int64_t& d) const {
  RINGDL_CHECK_LAYER(input.isTable() && !input.toTable().empty(), "takes a Table of Tensors to join, got ",
                     detail::whatIs(input));
  const std::vector<Activity<T>>& items = input.toTable();
  for (size_t i = 0; i < items.size(); ++i)
    RINGDL_CHECK_LAYER(items[i].isTensor(), "entry ", i, " is ", detail::whatIs(items[i]),
                       "; JoinTable joins Tensors");
  const Shape& first = items[0].toTensor().shape();
  const int64_t rank = static_cast<int64_t>(first.size());
  d = detail::batchShiftedDimension(options_.dimension, options_.nInputDims, rank);
  RINGDL_CHECK_LAYER(
      d >= 0 && d < rank, detail::resolvedDimension(options_.dimension, options_.nInputDims, rank),
      " is out of range for entries of shape ", ringdl::toString(first), " (", rank, " dimensions)");
  for (size_t i = 1; i < items.size(); ++i) {
    const Shape& shape = items[i].toTensor().shape();
    RINGDL_CHECK_LAYER(static_cast<int64_t>(shape.size()) == rank, "entry ", i, " has shape ",
                       ringdl::toString(shape), " but entry 0 has ", ringdl::toString(first),
                       "; the entries must have the same number of dimensions");
    for (int64_t k = 0; k < rank; ++k)
      RINGDL_CHECK_LAYER(k == d || shape[k] == first[k], "entry ", i, " has shape ", ringdl::toString(shape),
                         " but entry 0 has ", ringdl::toString(first), ": they differ in dimension ", k,
                         ", and only the join dimension ", d, " may differ");
  }
  Shape joined = first;
  for (size_t i = 1; i < items.size(); ++i) joined[d] += items[i].toTensor().size(d);
  return joined;
}

template <typename T>
const Activity<T>& JoinTable<T>::updateOutput(const Activity<T>& input) {
  int64_t d = 0;
  const Shape shape = joinedShape(input, d);
  const std::vector<Activity<T>>& items = input.toTable();
  const auto [outer, inner] = detail::outerInner(shape, d);
  const int64_t row = shape[d] * inner;  // output elements per outer index

  if (!this->output_.isTensor()) this->output_ = Activity<T>(Tensor<T>());
  Tensor<T>& out = this->output_.toTensor();
  out.resize(shape);
  int64_t offset = 0;
  for (const Activity<T>& item : items) {
    const Tensor<T> x = item.toTensor().contiguous();
    const int64_t chunk = x.size(d) * inner;
    const T* src = x.data();
    T* dst = out.data() + offset;
    for (int64_t o = 0; o < outer; ++o) std::copy(src + o * chunk, src + (o + 1) * chunk, dst + o * row);
    offset += chunk;
  }
  return this->output_;
}

template <typename T>
const Activity<T>& JoinTable<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  int64_t d = 0;
  const Shape shape = joinedShape(input, d);
  const std::vector<Activity<T>>& items = input.toTable();
  RINGDL_CHECK_LAYER(gradOutput.isTensor() && gradOutput.toTensor().shape() == shape,
                     "gradOutput must have the output's shape ", ringdl::toString(shape), ", got ",
                     detail::whatIs(gradOutput));
  const Tensor<T> g = gradOutput.toTensor().contiguous();
  const auto [outer, inner] = detail::outerInner(shape, d);
  const int64_t row = shape[d] * inner;

  // gradInput_ holds only this layer's own tensors, so they are resized and overwritten in place.
  if (!this->gradInput_.isTable()) this->gradInput_ = Activity<T>::table({});
  std::vector<Activity<T>>& grads = this->gradInput_.toTable();
  grads.resize(items.size());
  int64_t offset = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!grads[i].isTensor()) grads[i] = Activity<T>(Tensor<T>());
    Tensor<T>& gi = grads[i].toTensor();
    gi.resize(items[i].toTensor().shape());
    const int64_t chunk = gi.size(d) * inner;
    const T* src = g.data() + offset;
    T* dst = gi.data();
    for (int64_t o = 0; o < outer; ++o) std::copy(src + o * row, src + o * row + chunk, dst + o * chunk);
    offset += chunk;
  }
  return this->gradInput_;
}

template class JoinTable<float>;
template class JoinTable<double>;

}  // namespace ringdl
