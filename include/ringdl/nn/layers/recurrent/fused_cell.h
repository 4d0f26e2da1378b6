// FusedCell<T>: the base of the cells whose step starts from two projections, the input's x W_ih^T + b_ih and
// the hidden state's h W_hh^T + b_hh, of G gates of H units each, and goes on element-wise (RnnCell, LSTM,
// LSTMPeephole, GRU). It owns the weights (PyTorch's names and layouts: weight_ih [G*H, in], weight_hh
// [G*H, H], bias_ih and bias_hh [G*H]) and runs whole sequences as cuDNN does: one GEMM projects the inputs of
// all steps, each step adds one GEMM of the hidden state, and backward ends with one GEMM per weight over all
// steps. A cell writes only its element-wise step, forward and backward.
//
// Workspace, time-major so that a step's rows are one contiguous block: x [T, N, in], the projections
// gx and gh [T, N, G*H] (a cell may overwrite gx[t] with what its backward needs, its gate activations), and
// each state s over time, states[s] [T+1, N, H], states[s][0] the initial one.
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/layers/recurrent/cell.h"

namespace ringdl {

template <typename T>
class FusedCell : public Module<T>, public Cell<T> {
 public:
  FusedCell(std::string typeName, int64_t inputSize, int64_t hiddenSize, int64_t gates, int64_t states,
            bool withBias);

  int64_t inputSize() const { return in_; }
  int64_t hiddenSize() const { return hidden_; }

  // ---- one step, as a module: {x [N, in], {states [N, H]...}} -> {h [N, H], {states'}} ----
  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;
  void accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) override;

  // ---- Cell ----
  std::vector<Shape> stateShapes(const Shape& stepInput) const override;
  Shape stepOutputShape(const Shape& stepInput) const override { return stateShapes(stepInput)[0]; }
  bool runsSequences() const override { return true; }
  void sequenceForward(const Tensor<T>& x, const std::vector<Tensor<T>>& h0, const SequenceLengths& lengths,
                       Tensor<T>& y, std::vector<Tensor<T>>& hT) override;
  void sequenceBackward(const Tensor<T>& gy, const std::vector<Tensor<T>>* ghT, Tensor<T>* gx,
                        std::vector<Tensor<T>>& gh0, bool accParameters) override;

  /// Default: U(+-1/sqrt(hiddenSize)) for every weight and bias, as PyTorch's RNN, LSTM and GRU.
  FusedCell& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;

  Tensor<T>& weightIH() { return weightIH_; }
  Tensor<T>& weightHH() { return weightHH_; }
  Tensor<T>& biasIH() { return biasIH_; }
  Tensor<T>& biasHH() { return biasHH_; }

 protected:
  /// Step t forward: gx(t) and gh(t) hold the projections, biases added: both biases in gh(t) when
  /// separateHiddenGradient() is false (the cell uses only their sum), else bias_ih in gx(t) and bias_hh in
  /// gh(t). Writes each state s after the step into state(s, t + 1) from state(s, t), and keeps in gx(t)
  /// what stepBackward needs (and in gh(t), which then lasts the sequence, when separateHiddenGradient()).
  virtual void stepForward(int64_t t) = 0;
  /// Step t backward: dState[s] [N, H] is the gradient w.r.t. state s after the step (the output's included).
  /// Writes the gradients of the projections' pre-activations into dgx(t) and, if the cell's two differ
  /// (separateHiddenGradient()), dgh(t); and into dPrev[s] the gradient w.r.t. state s before the step that
  /// does not pass through W_hh (the base adds dgh(t) W_hh to dPrev[0]).
  virtual void stepBackward(int64_t t, const std::vector<Tensor<T>>& dState, std::vector<Tensor<T>>& dPrev) = 0;
  /// Whether the hidden projection's pre-activation gradient differs from the input's (GRU's does). Cells
  /// whose differ keep every step's gh(t) for backward; the others get one buffer, reused by every step.
  virtual bool separateHiddenGradient() const { return false; }
  /// Cells with parameters of their own (LSTMPeephole's peepholes) reset them here...
  virtual void resetExtra() {}
  /// ...and add their gradients here, from the workspace of the last backward (dgx, the states).
  virtual void accumulateExtraGradients() {}

  /// The rows [N, width] of step t in a time-major buffer.
  T* rowsOf(Tensor<T>& buffer, int64_t t) { return buffer.data() + t * batch_ * buffer.size(2); }
  T* gx(int64_t t) { return rowsOf(gx_, t); }
  T* gh(int64_t t) { return rowsOf(gh_, separateHiddenGradient() ? t : 0); }
  T* dgx(int64_t t) { return rowsOf(dgx_, t); }
  T* dgh(int64_t t) { return rowsOf(separateHiddenGradient() ? dgh_ : dgx_, t); }
  /// State s at time t (t = 0 the initial state, t the state after step t - 1), [N, H].
  T* state(int64_t s, int64_t t) { return rowsOf(states_[s], t); }
  int64_t batch() const { return batch_; }
  int64_t steps() const { return steps_; }
  int64_t gateWidth() const { return gates_ * hidden_; }

  const int64_t in_, hidden_, gates_, nStates_;
  const bool withBias_;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();

 private:
  void checkSequence(const Tensor<T>& x, const std::vector<Tensor<T>>& h0, const SequenceLengths& lengths);
  /// The recurrence backward from the stored workspace, leaving dgx_/dgh_ and gh0; gy as sequenceBackward.
  void backwardThroughTime(const Tensor<T>& gy, const std::vector<Tensor<T>>* ghT, std::vector<Tensor<T>>& gh0);
  void accumulateParameterGradients();
  /// gradWeight [rows, cols] += (a^T b)^T for a [k, rows], b [k, cols]: the weight gradients over all steps,
  /// computed as b^T a (faster for these shapes) into scratch_ and added transposed.
  void addWeightGradient(const T* a, const T* b, int64_t k, int64_t rows, int64_t cols, Tensor<T>& gradWeight);
  /// The step-module form: the step input's x and states.
  std::pair<Tensor<T>, std::vector<Tensor<T>>> stepInput(const Activity<T>& input) const;
  std::vector<Tensor<T>> stepStateGradients(const Activity<T>& gradOutput) const;

  Tensor<T> weightIH_, weightHH_, biasIH_, biasHH_;
  Tensor<T> gradWeightIH_, gradWeightHH_, gradBiasIH_, gradBiasHH_;

  // workspace of the last sequenceForward
  int64_t batch_ = 0, steps_ = 0;
  SequenceLengths lengths_;
  Tensor<T> x_, gx_, gh_, dgx_, dgh_, gxTimeMajor_, scratch_;
  Tensor<T> stepBias_;              ///< what gh(t) starts from: bias_hh, or both biases summed
  Tensor<T> dBiasIH_, dBiasHH_;     ///< the biases' gradients of the last backward, summed over its rows
  std::vector<Tensor<T>> states_;
  std::vector<Tensor<T>> dState_, dPrev_;
  // the step-module form: backward ran for this forward's gradients (accGradParameters then only sums them)
  bool stepBackwardDone_ = false;
};

extern template class FusedCell<float>;
extern template class FusedCell<double>;

}  // namespace ringdl
