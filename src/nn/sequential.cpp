// Sequential<T>: forward in order, backward in reverse.
#include "ringdl/nn/sequential.h"

#include <string>

namespace ringdl {

template <typename T>
Sequential<T>& Sequential<T>::add(ModulePtr<T> module) {
  RINGDL_CHECK(module != nullptr, "Sequential::add was given a null module");
  if (!module->hasName()) module->setName(std::to_string(modules_.size()));
  modules_.push_back(std::move(module));
  return *this;
}

template <typename T>
const Activity<T>& Sequential<T>::updateOutput(const Activity<T>& input) {
  const Activity<T>* x = &input;
  for (auto& m : modules_) x = &m->forward(*x);
  this->output_ = *x;
  return this->output_;
}

template <typename T>
const Activity<T>& Sequential<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  // backward() of each child does both updateGradInput and accGradParameters, so one reverse pass suffices;
  // accGradParameters below is then a no-op for Sequential.
  const Activity<T>* g = &gradOutput;
  for (size_t i = modules_.size(); i-- > 0;) {
    const Activity<T>& in = i == 0 ? input : modules_[i - 1]->output();
    g = &modules_[i]->backward(in, *g);
  }
  this->gradInput_ = *g;
  return this->gradInput_;
}

template <typename T>
void Sequential<T>::accGradParameters(const Activity<T>&, const Activity<T>&) {}

template <typename T>
std::vector<Module<T>*> Sequential<T>::children() {
  std::vector<Module<T>*> out;
  for (auto& m : modules_) out.push_back(m.get());
  return out;
}

template class Sequential<float>;
template class Sequential<double>;

}  // namespace ringdl
