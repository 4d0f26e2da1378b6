// StepUnroller<T>: a cell run over time through clones sharing its weights.
#include "ringdl/nn/layers/recurrent/detail/step_unroller.h"

#include <algorithm>
#include <cstring>

namespace ringdl::detail {

namespace {
// Row i of a [N, ...] tensor as a pointer and its length.
template <typename T>
int64_t rowSize(const Tensor<T>& t) {
  return t.size(0) == 0 ? 0 : t.numel() / t.size(0);
}

template <typename T>
std::vector<Tensor<T>> tensorsOf(const Activity<T>& a) {
  std::vector<Tensor<T>> out;
  if (a.isTensor()) {
    out.push_back(a.toTensor());
  } else {
    for (const Activity<T>& e : a.toTable()) out.push_back(e.toTensor());
  }
  return out;
}
}  // namespace

template <typename T>
Module<T>& StepUnroller<T>::stepModule(Module<T>& cell, int64_t t) {
  if (t == 0) {
    std::vector<const T*> now;
    for (const ParamRef<T>& p : cell.parameters()) {
      now.push_back(p.weight->data());
      now.push_back(p.grad->data());
    }
    if (now != sharedAt_) {  // moved (getParameters, a loaded model): share them again
      for (auto& c : clones_) c->shareParameters(cell);
      sharedAt_ = now;
    }
    return cell;
  }
  while (static_cast<int64_t>(clones_.size()) < t) {
    ModulePtr<T> c = cell.clone(/*shareWeights=*/true);
    cell.isTraining() ? c->training() : c->evaluate();
    clones_.push_back(std::move(c));
  }
  return *clones_[t - 1];
}

template <typename T>
void StepUnroller<T>::setTrainingMode(bool on) {
  for (auto& c : clones_) on ? c->training() : c->evaluate();
}

template <typename T>
Tensor<T> StepUnroller<T>::forward(Module<T>& cell, int64_t t, const Tensor<T>& x,
                                   std::vector<Tensor<T>>& states, const SequenceLengths& lengths) {
  Module<T>& m = stepModule(cell, t);
  std::vector<Activity<T>> s(states.begin(), states.end());
  Step step{&m, Activity<T>::table({Activity<T>(x), Activity<T>::table(s)}), {}};
  const Activity<T>& out = m.forward(step.input);
  Tensor<T> y = out[0].toTensor();
  std::vector<Tensor<T>> next = tensorsOf(out[1]);
  const int64_t n = x.size(0);
  if (!lengths.empty()) {
    step.padded.assign(n, 0);
    for (int64_t i = 0; i < n; ++i) step.padded[i] = t >= lengths[i];
  }
  if (std::find(step.padded.begin(), step.padded.end(), 1) != step.padded.end()) {
    // Copies: the step's own outputs stay as its backward expects them.
    y = y.clone();
    for (auto& s2 : next) s2 = s2.clone();
    for (int64_t i = 0; i < n; ++i) {
      if (!step.padded[i]) continue;
      std::fill(y.data() + i * rowSize(y), y.data() + (i + 1) * rowSize(y), T(0));
      for (size_t k = 0; k < next.size(); ++k) {
        const Tensor<T> prev = states[k].contiguous();
        std::memcpy(next[k].data() + i * rowSize(prev), prev.data() + i * rowSize(prev),
                    sizeof(T) * rowSize(prev));
      }
    }
  }
  if (static_cast<int64_t>(steps_.size()) <= t) steps_.resize(t + 1);
  steps_[t] = std::move(step);
  states = std::move(next);
  return y;
}

template <typename T>
Tensor<T> StepUnroller<T>::backward(int64_t t, const Tensor<T>& gy, std::vector<Tensor<T>>& states) {
  Step& step = steps_.at(t);
  const bool anyPadded = std::find(step.padded.begin(), step.padded.end(), 1) != step.padded.end();
  Tensor<T> g = gy;
  std::vector<Tensor<T>> gs = states;
  if (anyPadded) {  // a padded row's output and new states were not the step's: it gets no gradient there
    g = gy.clone();
    for (auto& s : gs) s = s.clone();
    for (size_t i = 0; i < step.padded.size(); ++i) {
      if (!step.padded[i]) continue;
      std::fill(g.data() + i * rowSize(g), g.data() + (i + 1) * rowSize(g), T(0));
      for (auto& s : gs) std::fill(s.data() + i * rowSize(s), s.data() + (i + 1) * rowSize(s), T(0));
    }
  }
  std::vector<Activity<T>> sa(gs.begin(), gs.end());
  const Activity<T>& gin =
      step.module->backward(step.input, Activity<T>::table({Activity<T>(g), Activity<T>::table(sa)}));
  std::vector<Tensor<T>> prev = tensorsOf(gin[1]);
  if (anyPadded) {  // and its states' gradients pass straight through to the step before
    for (size_t k = 0; k < prev.size(); ++k) {
      prev[k] = prev[k].clone();
      const Tensor<T> in = states[k].contiguous();
      for (size_t i = 0; i < step.padded.size(); ++i)
        if (step.padded[i])
          std::memcpy(prev[k].data() + i * rowSize(in), in.data() + i * rowSize(in), sizeof(T) * rowSize(in));
    }
  }
  states = std::move(prev);
  return gin[0].toTensor();
}

template class StepUnroller<float>;
template class StepUnroller<double>;

}  // namespace ringdl::detail
