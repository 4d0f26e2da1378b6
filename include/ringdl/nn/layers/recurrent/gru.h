// GRU<T>: the gated recurrent unit of torch.nn.GRUCell (one layer of torch.nn.GRU under Recurrent; cuDNN's
// form), with its weights: gates in PyTorch's order r, z, n,
//   r = sigmoid(x_r + h_r),  z = sigmoid(x_z + h_z),  n = tanh(x_n + r (h W_hn^T + b_hn)),  h' = (1 - z) n + z h,
// where x_. and h_. are the rows of the input and hidden projections. BigDL's GRU applies r before W_hn
// (n = tanh(x_n + (r h) W_hn^T)); given the same weights the two differ, and PyTorch's is the one ONNX and
// cuDNN share. State {h}.
#pragma once

#include "ringdl/nn/layers/recurrent/cell_options.h"
#include "ringdl/nn/layers/recurrent/fused_cell.h"

namespace ringdl {

template <typename T>
class GRU : public FusedCell<T> {
 public:
  GRU(int64_t inputSize, int64_t hiddenSize, bool withBias = true)
      : GRU(CellOptions{inputSize, hiddenSize, withBias}) {}
  explicit GRU(const CellOptions& options);
  explicit GRU(const Attributes& a) : GRU(optionsFrom<CellOptions>(a, "GRU")) {}
  Attributes config() const override { return attributesOf(options_); }
  const CellOptions& options() const { return options_; }

 protected:
  void stepForward(int64_t t) override;
  void stepBackward(int64_t t, const std::vector<Tensor<T>>& dState, std::vector<Tensor<T>>& dPrev) override;
  bool separateHiddenGradient() const override { return true; }

 private:
  CellOptions options_;
};

extern template class GRU<float>;
extern template class GRU<double>;

}  // namespace ringdl
