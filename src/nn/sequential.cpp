// Sequential<T>: forward in order, backward in reverse.
#include "ringdl/nn/sequential.h"

#include <string>

namespace ringdl {

template <typename T>
const Activity<T>& Sequential<T>::updateOutput(const Activity<T>& input) {
  const Activity<T>* x = &input;
  for (size_t i = 0; i < this->modules_.size(); ++i) {
    try {
      x = &this->modules_[i]->forward(*x);
    } catch (const Error& e) {
      this->failInChild(i, e);
    }
  }
  this->output_ = *x;
  return this->output_;
}

template <typename T>
void Sequential<T>::setGradInputNeeded(bool needed) {
  for (auto& m : this->modules_) m->setGradInputNeeded(true);
  for (auto& m : this->modules_) {
    m->setGradInputNeeded(needed);
    if (needed || m->hasTrainableParameters()) break;
  }
}

template <typename T>
const Activity<T>& Sequential<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  // backward() of each child does both updateGradInput and accGradParameters, so one reverse pass suffices;
  // accGradParameters below is then a no-op for Sequential.
  const Activity<T>* g = &gradOutput;
  for (size_t i = this->modules_.size(); i-- > 0;) {
    Module<T>& m = *this->modules_[i];
    const Activity<T>& in = i == 0 ? input : this->modules_[i - 1]->output();
    // A leading child that needs no gradInput and has no trainable parameters (none, or frozen ones) has
    // nothing to do (see setGradInputNeeded); neither have the children before it.
    if (!m.gradInputNeeded() && !m.hasTrainableParameters()) break;
    try {
      g = &m.backward(in, *g);
    } catch (const Error& e) {
      this->failInChild(i, e);
    }
  }
  this->gradInput_ = *g;
  return this->gradInput_;
}

template <typename T>
void Sequential<T>::accGradParameters(const Activity<T>&, const Activity<T>&) {}

template class Sequential<float>;
template class Sequential<double>;

}  // namespace ringdl
