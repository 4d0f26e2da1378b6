// StepUnroller<T>: runs a cell step by step, as a module, over time: step 0 through the cell itself and step
// t > 0 through the t-th clone(true) of it (made when first needed), so every step keeps its own forward state
// and all share the cell's parameters, whose gradients add up. Backward goes from the last step to the first,
// so the cell's own backward, whose hook tells the data-parallel engine its gradients are complete, comes last.
// Padded steps (SequenceLengths) carry the states over and output zeros.
#pragma once

#include <vector>

#include "ringdl/nn/layers/recurrent/cell.h"

namespace ringdl::detail {

template <typename T>
class StepUnroller {
 public:
  /// Step t on x_t [N, ...] from the states before it; returns the step's output (zeros in padded rows) and
  /// leaves the states after it in `states`.
  Tensor<T> forward(Module<T>& cell, int64_t t, const Tensor<T>& x, std::vector<Tensor<T>>& states,
                    const SequenceLengths& lengths);
  /// The backward of step t (steps in reverse order): gy the gradient of its output, `states` the gradient
  /// of the states after it on entry and before it on return; returns the gradient of x_t.
  Tensor<T> backward(int64_t t, const Tensor<T>& gy, std::vector<Tensor<T>>& states);
  /// Forgets the clones (a new cell, a new mode); they are made again as needed.
  void clear() {
    clones_.clear();
    sharedAt_.clear();
  }
  void setTrainingMode(bool on);

 private:
  struct Step {
    Module<T>* module;
    Activity<T> input;
    std::vector<char> padded;  // per row: a padded step
  };
  Module<T>& stepModule(Module<T>& cell, int64_t t);

  std::vector<ModulePtr<T>> clones_;  // clones_[t - 1] runs step t
  std::vector<const T*> sharedAt_;     // where the cell's parameters were when the clones last shared them
  std::vector<Step> steps_;
};

extern template class StepUnroller<float>;
extern template class StepUnroller<double>;

}  // namespace ringdl::detail
