// Internal: ConvLSTMCell<T>, the convolutional LSTM with peepholes of ConvLSTMPeephole (2 spatial dimensions)
// and ConvLSTMPeephole3D (3), one implementation over the spatial rank. A step, with * a convolution and .
// the element-wise product (Shi et al. 2015, https://arxiv.org/abs/1506.04214, as BigDL builds it):
//   i = inner(W_i * x + b_i + U_i * h + p_i . c),   f = inner(W_f * x + b_f + U_f * h + p_f . c),
//   g = act(W_g * x + b_g + U_g * h),   c' = f . c + i . g,
//   o = inner(W_o * x + b_o + U_o * h + p_o . c'),  h' = o . act(c'),
// the peephole weights p one scalar per channel (BigDL's CMul of size [1, outputSize, 1, ...]). The four
// gates' convolutions run as one of 4 x outputSize planes each for x and for h, through the column kernels of
// the convolution family (vol2col and one GEMM), in PyTorch's LSTM gate order i, f, g, o. As a module the
// cell is one step; under Recurrent it runs whole sequences, as the fused matrix cells do: x's convolution
// over all steps at once, one of h per step, and in backward one GEMM per weight over all steps.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/layers/recurrent/cell.h"
#include "ringdl/nn/regularizer.h"

namespace ringdl::detail {

template <typename T>
class ColumnConvolution;
struct VolumeGeometry;

/// The element-wise functions a ConvLSTM may use as activation or inner activation; each one's derivative is
/// a function of its output, so backward keeps only the activated gates.
enum class GateFunction { kTanh, kSigmoid, kHardSigmoid, kRelu };
/// "tanh", "sigmoid", "hard_sigmoid" (BigDL's HardSigmoid, max(0, min(1, 0.2 x + 0.5))) or "relu"; an Error
/// naming the layer and the option otherwise.
GateFunction gateFunctionOf(const std::string& name, const std::string& layer, const char* option);

/// What a ConvLSTM is, from its layer's options.
struct ConvLSTMSpec {
  int rank = 2;  ///< spatial dimensions: 2 (ConvLSTMPeephole) or 3 (ConvLSTMPeephole3D)
  int64_t inputSize = 0, outputSize = 0, kernelI = 0, kernelC = 0, stride = 1;
  int64_t padding = -1;  ///< -1: "same" (TensorFlow's, BigDL's -1), else on both sides of every dimension
  std::string activation = "tanh", innerActivation = "sigmoid";
  bool withPeephole = true;
  Regularizer w, u, b, c;  ///< of weight_ih, weight_hh, bias_ih, weight_peephole (BigDL's w/u/b/cRegularizer)
};

/// Parameters (PyTorch's convolution layouts): weight_ih [4 out, in, kI...], bias_ih [4 out],
/// weight_hh [4 out, out, kC...] (no bias: BigDL's h2g convolutions have none), and with peepholes
/// weight_peephole [3 out] (p_i, p_f, p_o). All initially U(+-1/sqrt(fanIn)) as BigDL's layers: in kI^rank
/// for weight_ih and bias_ih, out kC^rank for weight_hh, out for the peepholes (BigDL's CMul rule).
///
/// Sizes: a step's x is [N, in, spatial...]; the states {h, c} and the output are [N, out, spatial'...] with
/// spatial' the size of the input's convolution: ceil(size / stride) with "same" padding, else
/// (size + 2 padding - kI) / stride + 1. The hidden convolution has stride 1 and keeps that size ("same"
/// padding, or with an explicit padding p only kernelC = 2p + 1, which the constructor checks). BigDL strides
/// its hidden convolution too and keeps the states at the input's size, so its gates come out smaller than c
/// and its cell runs only at stride 1, where both agree.
template <typename T>
class ConvLSTMCell : public Module<T>, public Cell<T>, public RegularizedLayer {
 public:
  ~ConvLSTMCell() override;

  // ---- one step, as a module: {x, {h, c}} -> {h', {h', c'}} ----
  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;
  void accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) override;

  // ---- Cell ----
  std::vector<Shape> stateShapes(const Shape& stepInput) const override;
  Shape stepOutputShape(const Shape& stepInput) const override { return stateShapes(stepInput)[0]; }
  /// Under Recurrent the cell runs whole sequences: one convolution projects every step's input (the batch
  /// of N T images), each step adds the hidden state's convolution, and backward ends with one GEMM per
  /// weight over all steps. x [N, T, in, spatial...] (batch first), y and the states as the step's.
  bool runsSequences() const override { return true; }
  void sequenceForward(const Tensor<T>& x, const std::vector<Tensor<T>>& h0, const SequenceLengths& lengths,
                       Tensor<T>& y, std::vector<Tensor<T>>& hT) override;
  void sequenceBackward(const Tensor<T>& gy, const std::vector<Tensor<T>>* ghT, Tensor<T>* gx,
                        std::vector<Tensor<T>>& gh0, bool accParameters) override;

  /// Sets the initialisers of the weights (peepholes included) and of the bias, and re-initialises.
  ConvLSTMCell& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  std::vector<std::pair<std::string, Regularizer>> regularizers() const override;

  Tensor<T>& weightIH() { return weightIH_; }
  Tensor<T>& biasIH() { return biasIH_; }
  Tensor<T>& weightHH() { return weightHH_; }
  Tensor<T>& peephole() { return peephole_; }

 protected:
  /// Checks the spec (errors name typeName) and creates the parameters.
  ConvLSTMCell(const char* typeName, const ConvLSTMSpec& spec);

 private:
  /// The step input's x, h and c, checked against the options and each other.
  void readStep(const Activity<T>& input, Tensor<T>& x, Tensor<T>& h, Tensor<T>& c) const;
  /// The spatial sizes of the states for an input of these spatial sizes (spec_.rank of them).
  std::vector<int64_t> stateSpatial(const int64_t* inputSpatial) const;
  /// The column geometries of the last forward's input and hidden convolutions.
  VolumeGeometry inputGeometry() const;
  VolumeGeometry hiddenGeometry() const;
  /// The gradients of the gates' pre-activations, dGates_, from the step's output gradients.
  void gateGradients(const Activity<T>& gradOutput);
  /// The element-wise step over n samples ([n, 4 out, S'] gates, [n, out, S'] states): gates holds the summed
  /// projections and becomes the activated gates; writes c', act(c') and h'.
  void cellForward(T* gates, const T* c, T* cNext, T* actC, T* hNext, int64_t n) const;
  /// Its backward: from the gradients of the output gy and of the states gh and gc (null: zero) writes the
  /// gates' pre-activation gradients and the gradient of c before the step.
  void cellBackward(const T* gates, const T* c, const T* actC, const T* gy, const T* gh, const T* gc,
                    T* dGates, T* dcPrev, int64_t n) const;
  /// The peepholes' gradients from gate gradients and the states c before and after, over n samples.
  void accPeepholeGradients(const T* dGates, const T* c, const T* cNext, int64_t n);
  /// Sets batch_ and the spatial sizes for a step input of shape stepInput and states of shape state.
  void setGeometry(int64_t batch, const int64_t* inputSpatial, const Shape& state);
  int64_t positions() const { return outSize_[0] * outSize_[1] * outSize_[2]; }
  /// "x is [N, 3, H, W]"-style description of the expected step input, for errors.
  std::string expectedInput() const;

  ConvLSTMSpec spec_;
  GateFunction act_, inner_;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
  Tensor<T> weightIH_, biasIH_, weightHH_, peephole_;
  Tensor<T> gradWeightIH_, gradBiasIH_, gradWeightHH_, gradPeephole_;
  std::unique_ptr<ColumnConvolution<T>> inputConv_, hiddenConv_;

  // the last forward: its geometry, and what backward needs
  int64_t batch_ = 0, inSize_[3] = {1, 1, 1}, outSize_[3] = {1, 1, 1};
  Tensor<T> gates_;                 ///< [N, 4 out, S']: the activated gates i, f, g, o
  Tensor<T> hiddenProj_;            ///< [N, 4 out, S']: U * h, added into the gates
  Tensor<T> c_;                     ///< the state c the step read, contiguous
  Tensor<T> cNext_, actC_, hNext_;  ///< [N, out, spatial']: c', act(c'), h'
  // backward
  Tensor<T> dGates_;  ///< [N, 4 out, S']: gradients of the gates' pre-activations
  Tensor<T> gradX_, gradH_, gradC_;
  bool gatesReady_ =
      false;  ///< dGates_ holds this forward's gradients (accGradParameters after updateGradInput)

  // the last sequenceForward, time-major so that a step's samples are one block
  int64_t steps_ = 0;
  SequenceLengths lengths_;
  Tensor<T> seqX_;                  ///< [T, N, in, spatial...]
  Tensor<T> seqGates_, seqDGates_;  ///< [T, N, 4 out, S']: activated gates, their pre-activations' gradients
  Tensor<T> seqH_, seqC_;           ///< [T + 1, N, out, S']: the states, [0] the initial ones
  Tensor<T> seqActC_;               ///< [T, N, out, S']: act(c') of each step
  Tensor<T> hiddenColumns_, packedGates_;  ///< scratch of the hidden weight's gradient over all steps
};

extern template class ConvLSTMCell<float>;
extern template class ConvLSTMCell<double>;

}  // namespace ringdl::detail
