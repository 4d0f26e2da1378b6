// MultiHeadAttention<T>: torch.nn.MultiheadAttention(hiddenSize, numHeads, dropout, bias, batch_first=True).
// Input a Table {query [N, Tq, E], key [N, Tk, E], value [N, Tk, E]}, optionally with a fourth entry, the key
// padding mask [N, Tk] (non-zero: that key is padding and no query attends to it), or one Tensor x [N, T, E]
// for self-attention (x as query, key and value). Output [N, Tq, E]. With causal, query i attends to keys
// 0 .. i only (PyTorch's triu(1) attention mask of -inf). A query whose keys are all masked attends to
// nothing: its attention weights are zeros (not PyTorch's NaNs), so its output is out_proj.bias.
//
// Parameters under PyTorch's names, so that state dicts map one to one: in_proj_weight [3E, E] (rows
// 0..E-1 project the query, E..2E-1 the key, 2E..3E-1 the value), in_proj_bias [3E], out_proj.weight [E, E],
// out_proj.bias [E] (without bias, the two weights only). Initially xavier-uniform weights and zero biases,
// PyTorch's. Dropout (training only) drops attention weights with the global Random, as the Dropout layer
// does.
//
// Every product is a GEMM: the projections over the whole batch, the scores and the weighted values one GEMM
// per (sample, head) on strided views of the projections (no copies into per-head buffers).
#pragma once

#include <vector>

#include "ringdl/nn/module.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"  // RINGDL_CHECK_LAYER

namespace ringdl {

struct MultiHeadAttentionOptions {
  int64_t hiddenSize = 0;  ///< E, the embedding size of query, key and value
  int64_t numHeads = 0;    ///< must divide hiddenSize
  double dropout = 0;      ///< on the attention weights, in training
  bool bias = true;
  bool causal = false;  ///< query i attends to keys 0 .. i
  template <typename V>
  void fields(V& v) {
    v("hiddenSize", hiddenSize, kRequired);
    v("numHeads", numHeads, kRequired);
    v("dropout", dropout);
    v("bias", bias);
    v("causal", causal);
  }
};

template <typename T>
class MultiHeadAttention : public Module<T> {
 public:
  MultiHeadAttention(int64_t hiddenSize, int64_t numHeads, double dropout = 0, bool bias = true,
                     bool causal = false)
      : MultiHeadAttention(MultiHeadAttentionOptions{hiddenSize, numHeads, dropout, bias, causal}) {}
  explicit MultiHeadAttention(const MultiHeadAttentionOptions& options);
  explicit MultiHeadAttention(const Attributes& a)
      : MultiHeadAttention(optionsFrom<MultiHeadAttentionOptions>(a, "MultiHeadAttention")) {}

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;
  void accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) override;

  /// xavier-uniform in_proj_weight and out_proj.weight, zero biases (PyTorch's _reset_parameters).
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const MultiHeadAttentionOptions& options() const { return options_; }
  Tensor<T>& inProjWeight() { return inWeight_; }
  Tensor<T>& inProjBias() { return inBias_; }
  Tensor<T>& outProjWeight() { return outWeight_; }
  Tensor<T>& outProjBias() { return outBias_; }
  /// The attention weights of the last forward, [N, numHeads, Tq, Tk] (after dropout in training).
  const Tensor<T>& attentionWeights() const { return probs_; }

 private:
  /// The checked, contiguous query, key, value and mask (empty when none) of an input.
  struct Parts {
    Tensor<T> q, k, v, mask;
    bool self = false;  ///< one Tensor input
  };
  Parts partsOf(const Activity<T>& input) const;
  void checkGradOutput(const Parts& p, const Activity<T>& gradOutput) const;
  /// The gradients inside the layer (of the attention output and the projections) from gradOutput.
  void backpropagate(const Parts& p, const Tensor<T>& gradOutput);

  MultiHeadAttentionOptions options_;
  Tensor<T> inWeight_, inBias_, outWeight_, outBias_;
  Tensor<T> gradInWeight_, gradInBias_, gradOutWeight_, gradOutBias_;
  // From forward: the projections [N, T, E], the softmax [N, H, Tq, Tk] before (softmax_) and after
  // (probs_) dropout, the dropout's kept-and-scaled factors, the heads' outputs joined [N, Tq, E].
  Tensor<T> qProj_, kProj_, vProj_, softmax_, probs_, dropScale_, attended_;
  // From backward: of attended_, qProj_, kProj_, vProj_.
  Tensor<T> gradAttended_, gradQ_, gradK_, gradV_, gradScores_;
  bool innerGradsFresh_ = false;  ///< backpropagate ran for the current backward
};

extern template class MultiHeadAttention<float>;
extern template class MultiHeadAttention<double>;

}  // namespace ringdl
