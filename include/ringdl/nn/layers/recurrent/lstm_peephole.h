// LSTMPeephole<T>: BigDL's LSTMPeephole, an LSTM whose gates also see the cell state (Gers and Schmidhuber):
//   i = sigmoid(. + p_i c),  f = sigmoid(. + p_f c),  g = tanh(.),  c' = f c + i g,
//   o = sigmoid(. + p_o c'),  h' = o tanh(c'),
// with LSTM's projections and gate order, and the peephole weights weight_peephole [3H] (p_i, p_f, p_o),
// initially U(+-1/sqrt(H)). States {h, c}.
#pragma once

#include "ringdl/nn/layers/recurrent/cell_options.h"
#include "ringdl/nn/layers/recurrent/fused_cell.h"

namespace ringdl {

template <typename T>
class LSTMPeephole : public FusedCell<T> {
 public:
  LSTMPeephole(int64_t inputSize, int64_t hiddenSize, bool withBias = true)
      : LSTMPeephole(CellOptions{inputSize, hiddenSize, withBias}) {}
  explicit LSTMPeephole(const CellOptions& options);
  explicit LSTMPeephole(const Attributes& a) : LSTMPeephole(optionsFrom<CellOptions>(a, "LSTMPeephole")) {}
  Attributes config() const override { return attributesOf(options_); }
  const CellOptions& options() const { return options_; }

 protected:
  void stepForward(int64_t t) override;
  void stepBackward(int64_t t, const std::vector<Tensor<T>>& dState, std::vector<Tensor<T>>& dPrev) override;
  void resetExtra() override;
  void accumulateExtraGradients() override;

 private:
  CellOptions options_;
  Tensor<T> peephole_, gradPeephole_;
};

extern template class LSTMPeephole<float>;
extern template class LSTMPeephole<double>;

}  // namespace ringdl
