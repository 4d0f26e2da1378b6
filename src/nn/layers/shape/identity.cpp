// Identity<T>: output and gradInput share the tensors they are given (consumers never write into them).
#include "ringdl/nn/layers/shape/identity.h"

namespace ringdl {

template <typename T>
const Activity<T>& Identity<T>::updateOutput(const Activity<T>& input) {
  this->output_ = input;
  return this->output_;
}

template <typename T>
const Activity<T>& Identity<T>::updateGradInput(const Activity<T>& /*input*/, const Activity<T>& gradOutput) {
  this->gradInput_ = gradOutput;
  return this->gradInput_;
}

template class Identity<float>;
template class Identity<double>;

}  // namespace ringdl
