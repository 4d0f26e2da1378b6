// Bottle<T>: views in, views out (copies only for non-contiguous tensors).
#include "ringdl/nn/layers/container/bottle.h"

#include <string>

namespace ringdl {

template <typename T>
Bottle<T>::Bottle(const BottleOptions& options) : Container<T>("Bottle"), options_(options) {
  RINGDL_CHECK(options_.nInputDim >= 1, "Bottle: nInputDim must be >= 1, got ", options_.nInputDim);
  RINGDL_CHECK(nOutputDim() >= 1, "Bottle: nOutputDim must be >= 1, got ", nOutputDim());
}

template <typename T>
Bottle<T>::Bottle(ModulePtr<T> module, int64_t nInputDim, int64_t nOutputDim)
    : Bottle(BottleOptions{nInputDim, nOutputDim >= 1 ? std::optional<int64_t>(nOutputDim) : std::nullopt}) {
  add(std::move(module));
}

template <typename T>
Bottle<T>& Bottle<T>::add(ModulePtr<T> module) {
  RINGDL_CHECK(this->modules_.empty(), this->where(), " runs one module and has one already ('",
               this->modules_.empty() ? std::string() : this->modules_[0]->name(),
               "'); put several in a Sequential");
  Container<T>::add(std::move(module));
  return *this;
}

template <typename T>
const Activity<T>& Bottle<T>::updateOutput(const Activity<T>& input) {
  RINGDL_CHECK(!this->modules_.empty(), this->where(), " has no module to run; give it one (add)");
  RINGDL_CHECK(input.isTensor(), this->where(), " takes a Tensor, got a Table of ", input.toTable().size(),
               " entries");
  const Tensor<T>& x = input.toTensor();
  const int64_t nIn = options_.nInputDim;
  folded_ = x.dim() > nIn;
  if (!folded_) {
    try {
      this->output_ = this->modules_[0]->forward(input);
    } catch (const Error& e) {
      this->failInChild(0, e);
    }
    return this->output_;
  }
  // The first batchDims dimensions become one.
  const size_t batchDims = static_cast<size_t>(x.dim() - nIn + 1);
  const Shape& s = x.shape();
  Shape inShape(s.begin() + static_cast<std::ptrdiff_t>(batchDims) - 1, s.end());
  int64_t rows = 1;
  for (size_t i = 0; i < batchDims; ++i) rows *= s[i];
  inShape[0] = rows;
  foldedInput_ = x.reshape(inShape);
  const Tensor<T>* y = nullptr;
  try {
    const Activity<T>& out = this->modules_[0]->forward(foldedInput_);
    RINGDL_CHECK(out.isTensor(), "its output is a Table; Bottle unfolds a Tensor");
    y = &out.toTensor();
  } catch (const Error& e) {
    this->failInChild(0, e);
  }
  RINGDL_CHECK(y->dim() == nOutputDim() && y->size(0) == rows, this->where(),
               ": its module turned the folded input ", ringdl::toString(inShape), " into ",
               ringdl::toString(y->shape()), "; Bottle unfolds an output of ", nOutputDim(),
               " dimensions (nOutputDim) whose first is the ", rows, " folded rows");
  moduleOutput_ = y->shape();
  Shape outShape(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(batchDims));
  outShape.insert(outShape.end(), moduleOutput_.begin() + 1, moduleOutput_.end());
  this->output_ = Activity<T>(y->reshape(outShape));
  return this->output_;
}

template <typename T>
const Activity<T>& Bottle<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  if (!folded_) {
    try {
      this->modules_[0]->backward(input, gradOutput);
    } catch (const Error& e) {
      this->failInChild(0, e);
    }
    if (this->inputGradWanted_) this->gradInput_ = this->modules_[0]->gradInput();
    return this->gradInput_;
  }
  const Shape& outShape = this->output_.toTensor().shape();
  RINGDL_CHECK(gradOutput.isTensor() && gradOutput.toTensor().shape() == outShape, this->where(),
               ": gradOutput must have the output's shape ", ringdl::toString(outShape), ", got ",
               gradOutput.isTensor()
                   ? ringdl::toString(gradOutput.toTensor().shape())
                   : "a Table of " + std::to_string(gradOutput.toTable().size()) + " entries");
  try {
    this->modules_[0]->backward(foldedInput_, gradOutput.toTensor().reshape(moduleOutput_));
  } catch (const Error& e) {
    this->failInChild(0, e);
  }
  if (!this->inputGradWanted_) return this->gradInput_;
  const Activity<T>& g = this->modules_[0]->gradInput();
  RINGDL_CHECK(g.isTensor() && g.toTensor().numel() == input.toTensor().numel(), this->where(),
               ": its module's gradInput does not match the folded input ",
               ringdl::toString(foldedInput_.shape()));
  this->gradInput_ = Activity<T>(g.toTensor().reshape(input.toTensor().shape()));
  return this->gradInput_;
}

template class Bottle<float>;
template class Bottle<double>;

}  // namespace ringdl
