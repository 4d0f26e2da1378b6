// Recurrent<T>: runs its cell over the time steps of a batch of sequences [N, T, ...] (batch first, as BigDL's
// Recurrent): output [N, T, ...], the cell's output at each step, or with returnSequences = false [N, ...],
// each sample's output at its last real step (Keras's return_sequences). The input may be a Table {x,
// lengths [N]} or {x, mask [N, T]} for a batch padded at the end: a padded step carries the states over and
// outputs zeros, so it changes neither the outputs at real steps nor any gradient.
//
// A cell that runs whole sequences (RnnCell, LSTM, LSTMPeephole, GRU, and MultiRNNCell of them) does so in
// fused kernels; any other is unrolled over time by clones sharing its weights. Either way the weights are
// the cell's, once, and their gradients are complete after the backward of the first step, when the
// data-parallel engine sums them across ranks.
#pragma once

#include <vector>

#include "ringdl/nn/container.h"
#include "ringdl/nn/layers/recurrent/cell.h"
#include "ringdl/nn/layers/recurrent/detail/sequences.h"
#include "ringdl/nn/layers/recurrent/detail/step_unroller.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct RecurrentOptions {
  bool returnSequences = true;
  template <typename V>
  void fields(V& v) {
    v("returnSequences", returnSequences);
  }
};

template <typename T>
class Recurrent : public Container<T> {
 public:
  explicit Recurrent(ModulePtr<T> cell = nullptr, bool returnSequences = true);
  explicit Recurrent(const RecurrentOptions& options);
  explicit Recurrent(const Attributes& a) : Recurrent(optionsFrom<RecurrentOptions>(a, "Recurrent")) {}

  /// Sets the cell (once: a Recurrent has one child).
  Recurrent& add(ModulePtr<T> cell) override;
  const ModulePtr<T>& cell() const { return this->at(0); }
  Attributes config() const override { return attributesOf(options_); }
  const RecurrentOptions& options() const { return options_; }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

  /// BigDL's setHiddenState: the states every following forward starts from, one per cell state ({h} or
  /// {h, c}, each [N, ...]); empty: zeros.
  Recurrent& setHiddenState(std::vector<Tensor<T>> states);
  /// BigDL's getHiddenState: the states after each sample's last real step in the last forward.
  const std::vector<Tensor<T>>& getHiddenState() const { return final_; }
  /// The gradient of the initial states, after backward.
  const std::vector<Tensor<T>>& gradHiddenState() const { return gradInitial_; }

  /// The cell's gradInput is always wanted (the states' gradients); the container's decides only whether
  /// the gradient of x is computed.
  void setGradInputNeeded(bool needed) override { this->inputGradWanted_ = needed; }

 protected:
  Recurrent(const std::string& typeName, ModulePtr<T> cell);
  void setTrainingMode(bool on) override;
  Cell<T>& theCell();
  /// The initial states for a step input of this shape: those set, checked, or zeros.
  std::vector<Tensor<T>> initialStates(const Shape& stepInput);

  detail::StepUnroller<T> unroller_;
  std::vector<Tensor<T>> initial_, final_, gradInitial_;

 private:
  RecurrentOptions options_;
  detail::SequenceInput<T> in_;  // the last forward's
  Shape fullOutput_;             // [N, T, ...]
  Tensor<T> sequenceOut_;        // the cell's output at every step (reused from call to call)
  Tensor<T> noGradInput_;        // zeros, the gradient of x when nobody wants it
  bool fused_ = false;           // the cell ran the last forward itself
};

extern template class Recurrent<float>;
extern template class Recurrent<double>;

}  // namespace ringdl
