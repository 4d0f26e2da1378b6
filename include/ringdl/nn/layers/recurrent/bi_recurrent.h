// BiRecurrent<T>: BigDL's BiRecurrent: a Recurrent over the sequences and another over them reversed (each
// sample within its length), their outputs merged: "concat" (default; along the first feature dimension,
// forward first, as torch.nn.LSTM(bidirectional=True)), "sum", "ave" or "mul". add(cell) makes both: the
// forward one runs the cell, the reverse one a fresh one of its structure (its own initial weights, as
// PyTorch's). Children "forward" and "backward"; input as Recurrent's. With returnSequences = false the
// output merges the forward direction's last real step with the reverse direction's last, which has read the
// whole sequence back to step 0 (Keras's Bidirectional).
#pragma once

#include <string>

#include "ringdl/nn/layers/recurrent/recurrent.h"

namespace ringdl {

struct BiRecurrentOptions {
  std::string merge = "concat";
  bool returnSequences = true;
  template <typename V>
  void fields(V& v) {
    v("merge", merge);
    v("returnSequences", returnSequences);
  }
};

template <typename T>
class BiRecurrent : public Container<T> {
 public:
  explicit BiRecurrent(ModulePtr<T> cell = nullptr, const std::string& merge = "concat",
                       bool returnSequences = true);
  explicit BiRecurrent(const BiRecurrentOptions& options);
  explicit BiRecurrent(const Attributes& a) : BiRecurrent(optionsFrom<BiRecurrentOptions>(a, "BiRecurrent")) {}

  /// A cell: makes both directions. A Recurrent (the model loader's way): the forward one, then the reverse.
  BiRecurrent& add(ModulePtr<T> module) override;
  Attributes config() const override { return attributesOf(options_); }
  const BiRecurrentOptions& options() const { return options_; }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  enum class Merge { kConcat, kSum, kAve, kMul };
  Activity<T> reversedInput() const;

  BiRecurrentOptions options_;
  Merge merge_;
  detail::SequenceInput<T> in_;
  Tensor<T> forwardOut_, backwardOut_;  // the directions' outputs, time in forward order
};

extern template class BiRecurrent<float>;
extern template class BiRecurrent<double>;

}  // namespace ringdl
