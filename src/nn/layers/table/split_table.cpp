// SplitTable<T>: slices are select() views; backward writes each slice's gradient into its place of one
// contiguous gradInput, seen as [outer, size(d), inner].
#include "ringdl/nn/layers/table/split_table.h"

#include <algorithm>
#include <vector>

#include "../../detail/activity_shapes.h"
#include "../../detail/table_dimensions.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
SplitTable<T>::SplitTable(SplitTableOptions options) : Module<T>("SplitTable"), options_(options) {
  RINGDL_CHECK(options_.nInputDims >= 0, "SplitTable: nInputDims must be 0 (no batch rule) or positive, got ",
               options_.nInputDims);
}

template <typename T>
int64_t SplitTable<T>::splitDimension(const Activity<T>& input) const {
  RINGDL_CHECK_LAYER(input.isTensor(), "takes a Tensor to split, got ", detail::whatIs(input));
  const Tensor<T>& x = input.toTensor();
  const int64_t d = detail::batchShiftedDimension(options_.dimension, options_.nInputDims, x.dim());
  RINGDL_CHECK_LAYER(
      d >= 0 && d < x.dim(), detail::resolvedDimension(options_.dimension, options_.nInputDims, x.dim()),
      " is out of range for an input of shape ", ringdl::toString(x.shape()), " (", x.dim(), " dimensions)");
  return d;
}

template <typename T>
const Activity<T>& SplitTable<T>::updateOutput(const Activity<T>& input) {
  const int64_t d = splitDimension(input);
  const Tensor<T>& x = input.toTensor();
  std::vector<Activity<T>> slices;
  slices.reserve(x.size(d));
  for (int64_t i = 0; i < x.size(d); ++i) slices.emplace_back(x.select(d, i));
  this->output_ = Activity<T>::table(std::move(slices));
  return this->output_;
}

template <typename T>
const Activity<T>& SplitTable<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const int64_t d = splitDimension(input);
  const Shape& shape = input.toTensor().shape();
  const int64_t n = shape[d];
  Shape slice = shape;
  slice.erase(slice.begin() + d);
  RINGDL_CHECK_LAYER(gradOutput.isTable() && static_cast<int64_t>(gradOutput.toTable().size()) == n,
                     "gradOutput must be a Table of ", n, " slices of shape ", ringdl::toString(slice),
                     ", got ", detail::whatIs(gradOutput));
  const std::vector<Activity<T>>& grads = gradOutput.toTable();
  for (int64_t i = 0; i < n; ++i)
    RINGDL_CHECK_LAYER(grads[i].isTensor() && grads[i].toTensor().shape() == slice, "gradOutput entry ", i,
                       " is ", detail::whatIs(grads[i]), " but the slices have shape ",
                       ringdl::toString(slice));

  // gradInput_ is this layer's own tensor: resized and overwritten in place.
  if (!this->gradInput_.isTensor()) this->gradInput_ = Activity<T>(Tensor<T>());
  Tensor<T>& gi = this->gradInput_.toTensor();
  gi.resize(shape);
  const auto [outer, inner] = detail::outerInner(shape, d);
  for (int64_t i = 0; i < n; ++i) {
    const Tensor<T> g = grads[i].toTensor().contiguous();
    const T* src = g.data();
    T* dst = gi.data() + i * inner;
    for (int64_t o = 0; o < outer; ++o)
      std::copy(src + o * inner, src + (o + 1) * inner, dst + o * n * inner);
  }
  return this->gradInput_;
}

template class SplitTable<float>;
template class SplitTable<double>;

}  // namespace ringdl
