// TableToTensor<T>: the Table checks every table layer shares, and the gradInput Table assembled from the
// layer's per-entry gradients.
#include "ringdl/nn/layers/table/table_to_tensor.h"

namespace ringdl {

namespace {
std::string tensors(size_t n) { return n == 1 ? "one Tensor" : std::to_string(n) + " Tensors"; }
std::string entryCount(size_t n) { return std::to_string(n) + (n == 1 ? " entry" : " entries"); }
}  // namespace

std::string TableEntries::describe() const {
  std::string s = "a Table of ";
  if (max == min) {
    s += tensors(min);
  } else if (max == 0) {
    s += (min == 1 ? std::string("one") : std::to_string(min)) + " or more Tensors";
  } else {
    s += std::to_string(min) + " to " + tensors(max);
  }
  if (!names.empty()) {
    s += " {";
    for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
    s += "}";
  }
  return s;
}

std::string TableEntries::entry(size_t i) const {
  return "entry " + std::to_string(i) + (i < names.size() ? " (" + names[i] + ")" : "");
}

template <typename T>
TableToTensor<T>::TableToTensor(std::string typeName, TableEntries entries)
    : Module<T>(std::move(typeName)), entries_(std::move(entries)) {}

template <typename T>
std::vector<Tensor<T>> TableToTensor<T>::entriesOf(const Activity<T>& input) const {
  RINGDL_CHECK(input.isTable(), this->where(), ": takes ", entries_.describe(), ", got a Tensor of shape ",
               ringdl::toString(input.toTensor().shape()));
  const std::vector<Activity<T>>& items = input.toTable();
  const size_t n = items.size();
  RINGDL_CHECK(n >= entries_.min && (entries_.max == 0 || n <= entries_.max), this->where(), ": takes ",
               entries_.describe(), ", got ",
               n == 0 ? std::string("an empty Table") : "a Table of " + entryCount(n));
  std::vector<Tensor<T>> xs;
  xs.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    RINGDL_CHECK(items[i].isTensor(), this->where(), ": takes ", entries_.describe(), ", but ",
                 entries_.entry(i), " is a Table of ",
                 entryCount(items[i].isTable() ? items[i].toTable().size() : 0));
    xs.push_back(items[i].toTensor().contiguous());
  }
  if (entries_.oneShape)
    for (size_t i = 1; i < n; ++i)
      RINGDL_CHECK(xs[i].shape() == xs[0].shape(), this->where(), ": ", entries_.entry(i), " has shape ",
                   ringdl::toString(xs[i].shape()), " but ", entries_.entry(0), " has ",
                   ringdl::toString(xs[0].shape()), "; ", this->typeName(),
                   " takes Tensors of one shape (no broadcasting)");
  return xs;
}

template <typename T>
const Activity<T>& TableToTensor<T>::updateOutput(const Activity<T>& input) {
  const std::vector<Tensor<T>> xs = entriesOf(input);
  if (!this->output_.isTensor()) this->output_ = Activity<T>(Tensor<T>());
  updateOutput(xs, this->output_.toTensor());
  return this->output_;
}

template <typename T>
const Activity<T>& TableToTensor<T>::updateGradInput(const Activity<T>& input,
                                                     const Activity<T>& gradOutput) {
  const std::vector<Tensor<T>> xs = entriesOf(input);
  const Shape& out = outputTensor().shape();
  RINGDL_CHECK(gradOutput.isTensor() && gradOutput.toTensor().shape() == out, this->where(),
               ": gradOutput must be a Tensor of the output's shape ", ringdl::toString(out), ", got ",
               gradOutput.isTensor() ? "shape " + ringdl::toString(gradOutput.toTensor().shape())
                                     : "a Table of " + entryCount(gradOutput.toTable().size()));
  std::vector<Tensor<T>> grads(xs.size());
  // Sized before the hook, so the references gradBuffer returns stay valid while the layer holds them.
  if (gradBuffers_.size() < xs.size()) gradBuffers_.resize(xs.size());
  updateGradInput(xs, gradOutput.toTensor().contiguous(), grads);
  std::vector<Activity<T>> items;
  items.reserve(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    // The layer's own contract, not the caller's input: a failure here is a bug in the layer.
    RINGDL_CHECK(grads[i].shape() == xs[i].shape(), this->where(), ": internal error: the gradient of ",
                 entries_.entry(i), " has shape ", ringdl::toString(grads[i].shape()), ", the entry ",
                 ringdl::toString(xs[i].shape()));
    items.emplace_back(std::move(grads[i]));
  }
  this->gradInput_ = Activity<T>::table(std::move(items));
  return this->gradInput_;
}

template <typename T>
Tensor<T>& TableToTensor<T>::gradBuffer(size_t i, const Shape& shape) {
  RINGDL_CHECK(i < gradBuffers_.size(), this->where(), ": internal error: no gradient buffer for ",
               entries_.entry(i), " (gradBuffer is for updateGradInput)");
  return gradBuffers_[i].resize(shape);
}

template class TableToTensor<float>;
template class TableToTensor<double>;

}  // namespace ringdl
