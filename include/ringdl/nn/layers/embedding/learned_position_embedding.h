// LearnedPositionEmbedding<T>: adds a learnt position table to x [N, T, H] (or [T, H]): step t gets row t of
// a weight [maxLength, hiddenSize] (BERT's and GPT's position embeddings, nn.Embedding(maxLength, H) over
// arange(T) in PyTorch); T may be anything up to maxLength. Initially N(0, 1), as nn.Embedding.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct LearnedPositionEmbeddingOptions {
  int64_t maxLength = 0;
  int64_t hiddenSize = 0;
  template <typename V>
  void fields(V& v) {
    v("maxLength", maxLength, kRequired);
    v("hiddenSize", hiddenSize, kRequired);
  }
};

template <typename T>
class LearnedPositionEmbedding : public TensorModule<T> {
 public:
  LearnedPositionEmbedding(int64_t maxLength, int64_t hiddenSize)
      : LearnedPositionEmbedding(LearnedPositionEmbeddingOptions{maxLength, hiddenSize}) {}
  explicit LearnedPositionEmbedding(const LearnedPositionEmbeddingOptions& options);
  explicit LearnedPositionEmbedding(const Attributes& a)
      : LearnedPositionEmbedding(
            optionsFrom<LearnedPositionEmbeddingOptions>(a, "LearnedPositionEmbedding")) {}

  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const LearnedPositionEmbeddingOptions& options() const { return options_; }
  Tensor<T>& weight() { return weight_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  /// The number of steps T of the input, checked.
  int64_t stepsOf(const Tensor<T>& input) const;

  LearnedPositionEmbeddingOptions options_;
  Tensor<T> weight_, gradWeight_;
};

extern template class LearnedPositionEmbedding<float>;
extern template class LearnedPositionEmbedding<double>;

}  // namespace ringdl
