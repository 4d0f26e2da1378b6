// Concat<T>: the children's outputs are copied block by block into one contiguous output (outer x size x
// inner blocks, one memcpy each); backward gathers each child's slice the same way.
#include "ringdl/nn/layers/container/concat.h"

#include <cstring>
#include <string>

#include "detail/gradient_sum.h"

namespace ringdl {

namespace {
// Copies `rows` blocks of `block` elements from src (stride srcStride) to dst (stride dstStride).
template <typename T>
void copyBlocks(const T* src, int64_t srcStride, T* dst, int64_t dstStride, int64_t rows, int64_t block) {
  for (int64_t r = 0; r < rows; ++r)
    std::memcpy(dst + r * dstStride, src + r * srcStride, sizeof(T) * static_cast<size_t>(block));
}

int64_t product(const Shape& s, size_t begin, size_t end) {
  int64_t p = 1;
  for (size_t i = begin; i < end; ++i) p *= s[i];
  return p;
}
}  // namespace

template <typename T>
Concat<T>::Concat(const ConcatOptions& options) : Container<T>("Concat"), options_(options) {
  RINGDL_CHECK(options_.dimension >= 0,
               "Concat: dimension must be >= 0 (0-based, the batch dimension counted), got ",
               options_.dimension);
}

template <typename T>
const Activity<T>& Concat<T>::updateOutput(const Activity<T>& input) {
  const size_t n = this->modules_.size();
  const int64_t d = options_.dimension;
  RINGDL_CHECK(n > 0, this->where(), " has no children to apply; add() some");
  std::vector<const Tensor<T>*> outs(n);
  for (size_t i = 0; i < n; ++i) {
    try {
      const Activity<T>& y = this->modules_[i]->forward(input);
      RINGDL_CHECK(y.isTensor(), "its output is a Table of ", y.isTable() ? y.toTable().size() : 0,
                   " entries; Concat joins Tensors (ConcatTable keeps Tables)");
      outs[i] = &y.toTensor();
    } catch (const Error& e) {
      this->failInChild(i, e);
    }
  }
  const Shape first = outs[0]->shape();
  RINGDL_CHECK(static_cast<int64_t>(first.size()) > d, this->where(), ": child 0 gives output ",
               ringdl::toString(first), ", which has no dimension ", d, " to concatenate along (0-based)");
  Shape shape = first;
  offsets_.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    Shape s = outs[i]->shape();
    bool same = s.size() == first.size();
    for (size_t k = 0; same && k < s.size(); ++k) same = static_cast<int64_t>(k) == d || s[k] == first[k];
    RINGDL_CHECK(same, this->where(), ": child ", i, " gives output ", ringdl::toString(s),
                 " but child 0 gives ", ringdl::toString(first),
                 "; the outputs must agree in every dimension but ", d, ", the one Concat joins");
    offsets_[i + 1] = offsets_[i] + s[static_cast<size_t>(d)];
  }
  shape[static_cast<size_t>(d)] = offsets_[n];
  if (!this->output_.isTensor()) this->output_ = Activity<T>(Tensor<T>());
  Tensor<T>& out = this->output_.toTensor();
  out.resize(shape);
  const int64_t outer = product(shape, 0, static_cast<size_t>(d));
  const int64_t inner = product(shape, static_cast<size_t>(d) + 1, shape.size());
  const int64_t total = offsets_[n] * inner;
  for (size_t i = 0; i < n; ++i) {
    const Tensor<T> y = outs[i]->contiguous();
    const int64_t block = (offsets_[i + 1] - offsets_[i]) * inner;
    copyBlocks(y.data(), block, out.data() + offsets_[i] * inner, total, outer, block);
  }
  return this->output_;
}

template <typename T>
const Activity<T>& Concat<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const size_t n = this->modules_.size();
  const int64_t d = options_.dimension;
  RINGDL_CHECK(n > 0 && offsets_.size() == n + 1, this->where(), ": backward before a forward of its ", n,
               " children");
  const Tensor<T>& out = this->output_.toTensor();
  RINGDL_CHECK(gradOutput.isTensor() && gradOutput.toTensor().shape() == out.shape(), this->where(),
               ": gradOutput must have the output's shape ", ringdl::toString(out.shape()), ", got ",
               gradOutput.isTensor()
                   ? ringdl::toString(gradOutput.toTensor().shape())
                   : "a Table of " + std::to_string(gradOutput.toTable().size()) + " entries");
  const Tensor<T> g = gradOutput.toTensor().contiguous();
  const Shape& shape = out.shape();
  const int64_t outer = product(shape, 0, static_cast<size_t>(d));
  const int64_t inner = product(shape, static_cast<size_t>(d) + 1, shape.size());
  const int64_t total = offsets_[n] * inner;
  gathered_.resize(n);
  for (size_t i = n; i-- > 0;) {
    const int64_t size = offsets_[i + 1] - offsets_[i];
    Tensor<T> slice;
    if (outer == 1) {
      slice = g.narrow(d, offsets_[i], size);  // contiguous: a view
    } else {
      Shape s = shape;
      s[static_cast<size_t>(d)] = size;
      gathered_[i].resize(s);
      copyBlocks(g.data() + offsets_[i] * inner, total, gathered_[i].data(), size * inner, outer,
                 size * inner);
      slice = gathered_[i];
    }
    try {
      this->modules_[i]->backward(input, slice);
    } catch (const Error& e) {
      this->failInChild(i, e);
    }
  }
  if (!this->inputGradWanted_) return this->gradInput_;
  if (n == 1) {
    this->gradInput_ = this->modules_[0]->gradInput();
    return this->gradInput_;
  }
  detail::copyGradient(sum_, this->modules_[0]->gradInput());
  for (size_t i = 1; i < n; ++i)
    detail::addGradient(sum_, this->modules_[i]->gradInput(),
                        this->where() + ": child " + std::to_string(i) + "'s gradInput is ");
  this->gradInput_ = sum_;
  return this->gradInput_;
}

template class Concat<float>;
template class Concat<double>;

}  // namespace ringdl
