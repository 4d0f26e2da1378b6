// Sequential<T>: forward in order, backward in reverse.
#include "ringdl/nn/sequential.h"

#include <string>

#include "ringdl/nn/fusion.h"

namespace ringdl {

template <typename T>
const Activity<T>& Sequential<T>::updateOutput(const Activity<T>& input) {
  return forwardChildren(input, !this->isTraining() && this->inferenceFusion_);
}

template <typename T>
const Activity<T>& Sequential<T>::forwardChildren(const Activity<T>& input, bool fuse) {
  this->fusedForward_ = false;
  const size_t n = this->modules_.size();
  auto child = [&](size_t i) { return i < n ? this->modules_[i].get() : nullptr; };
  ChannelEpilogue<T> epilogue;
  const Activity<T>* x = &input;
  for (size_t i = 0; i < n; ++i) {
    try {
      const size_t absorbed =
          fuse ? planEpilogue(*this->modules_[i], *x, child(i + 1), child(i + 2), epilogue) : 0;
      if (absorbed > 0) {
        x = &dynamic_cast<EpilogueProducer<T>&>(*this->modules_[i]).forwardWithEpilogue(*x, epilogue);
        this->fusedForward_ = true;
        i += absorbed;
        continue;
      }
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
  if (this->fusedForward_) forwardChildren(input, false);  // the skipped children's outputs are needed now
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
