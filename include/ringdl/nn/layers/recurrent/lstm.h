// LSTM<T>: the long short-term memory cell of torch.nn.LSTMCell (one layer of torch.nn.LSTM under Recurrent),
// with its weights: gates in PyTorch's order i, f, g, o (rows [0, H), [H, 2H), [2H, 3H), [3H, 4H) of weight_ih,
// weight_hh and both biases),
//   i = sigmoid(.), f = sigmoid(.), g = tanh(.), o = sigmoid(.),  c' = f c + i g,  h' = o tanh(c').
// States {h, c}. BigDL's LSTM(inputSize, hiddenSize); its dropout p is not an option (put Dropout before the
// layer), nor its activations (tanh and sigmoid, as everyone's).
#pragma once

#include "ringdl/nn/layers/recurrent/cell_options.h"
#include "ringdl/nn/layers/recurrent/fused_cell.h"

namespace ringdl {

template <typename T>
class LSTM : public FusedCell<T> {
 public:
  LSTM(int64_t inputSize, int64_t hiddenSize, bool withBias = true)
      : LSTM(CellOptions{inputSize, hiddenSize, withBias}) {}
  explicit LSTM(const CellOptions& options);
  explicit LSTM(const Attributes& a) : LSTM(optionsFrom<CellOptions>(a, "LSTM")) {}
  Attributes config() const override { return attributesOf(options_); }
  const CellOptions& options() const { return options_; }

 protected:
  void stepForward(int64_t t) override;
  void stepBackward(int64_t t, const std::vector<Tensor<T>>& dState, std::vector<Tensor<T>>& dPrev) override;

 private:
  CellOptions options_;
};

extern template class LSTM<float>;
extern template class LSTM<double>;

}  // namespace ringdl
