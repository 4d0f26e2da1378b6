// RnnCell<T>: h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh), act tanh or relu: torch.nn.RNNCell (and one layer
// of torch.nn.RNN under Recurrent), with its weights. BigDL's RnnCell, whose two Linears are the two
// projections.
#pragma once

#include "ringdl/nn/layers/recurrent/cell_options.h"
#include "ringdl/nn/layers/recurrent/fused_cell.h"

namespace ringdl {

template <typename T>
class RnnCell : public FusedCell<T> {
 public:
  RnnCell(int64_t inputSize, int64_t hiddenSize, const std::string& activation = "tanh", bool withBias = true)
      : RnnCell(RnnCellOptions{inputSize, hiddenSize, activation, withBias}) {}
  explicit RnnCell(const RnnCellOptions& options);
  explicit RnnCell(const Attributes& a) : RnnCell(optionsFrom<RnnCellOptions>(a, "RnnCell")) {}
  Attributes config() const override { return attributesOf(options_); }
  const RnnCellOptions& options() const { return options_; }

 protected:
  void stepForward(int64_t t) override;
  void stepBackward(int64_t t, const std::vector<Tensor<T>>& dState, std::vector<Tensor<T>>& dPrev) override;

 private:
  RnnCellOptions options_;
  bool relu_;
};

extern template class RnnCell<float>;
extern template class RnnCell<double>;

}  // namespace ringdl
