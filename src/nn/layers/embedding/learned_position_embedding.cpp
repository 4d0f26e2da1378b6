// LearnedPositionEmbedding<T>: y = x + W[:T] per sample; the weight's gradient is gradOutput summed over the
// batch.
#include "ringdl/nn/layers/embedding/learned_position_embedding.h"

#include "ringdl/tensor/random.h"

namespace ringdl {

template <typename T>
LearnedPositionEmbedding<T>::LearnedPositionEmbedding(const LearnedPositionEmbeddingOptions& options)
    : TensorModule<T>("LearnedPositionEmbedding"), options_(options) {
  RINGDL_CHECK(options_.maxLength > 0 && options_.hiddenSize > 0,
               "LearnedPositionEmbedding needs positive sizes, got maxLength=", options_.maxLength,
               " hiddenSize=", options_.hiddenSize);
  weight_ = Tensor<T>({options_.maxLength, options_.hiddenSize});
  gradWeight_ = Tensor<T>({options_.maxLength, options_.hiddenSize});
  this->registerParameter("weight", &weight_, &gradWeight_);
  reset();
}

template <typename T>
void LearnedPositionEmbedding<T>::reset() {
  Random::global().fillNormal(weight_, 0.0, 1.0);
  gradWeight_.zero();
}

template <typename T>
int64_t LearnedPositionEmbedding<T>::stepsOf(const Tensor<T>& input) const {
  RINGDL_CHECK_LAYER((input.dim() == 3 || input.dim() == 2) && input.size(-1) == options_.hiddenSize,
                     "expected input of shape [N, T, ", options_.hiddenSize, "] or [T, ", options_.hiddenSize,
                     "], got ", toString(input.shape()));
  const int64_t steps = input.size(-2);
  RINGDL_CHECK_LAYER(steps <= options_.maxLength, "the input has ", steps,
                     " steps but the position table has maxLength ", options_.maxLength,
                     " rows: build the layer with a larger maxLength, or cut the sequences");
  return steps;
}

template <typename T>
void LearnedPositionEmbedding<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t block = stepsOf(input) * options_.hiddenSize;
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  const T* w = weight_.data();
  for (int64_t b = 0; b < x.numel() / block; ++b) {
    const T* in = x.data() + b * block;
    T* out = output.data() + b * block;
    for (int64_t i = 0; i < block; ++i) out[i] = in[i] + w[i];
  }
}

template <typename T>
void LearnedPositionEmbedding<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                                  Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput has shape ",
                     toString(gradOutput.shape()), ", expected the input's ", toString(input.shape()));
  gradInput = gradOutput;  // shared, not written
}

template <typename T>
void LearnedPositionEmbedding<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  const int64_t block = stepsOf(input) * options_.hiddenSize;
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput has shape ",
                     toString(gradOutput.shape()), ", expected the input's ", toString(input.shape()));
  const Tensor<T> go = gradOutput.contiguous();
  T* gw = gradWeight_.data();
  for (int64_t b = 0; b < go.numel() / block; ++b) {
    const T* g = go.data() + b * block;
    for (int64_t i = 0; i < block; ++i) gw[i] += g[i];
  }
}

template class LearnedPositionEmbedding<float>;
template class LearnedPositionEmbedding<double>;

}  // namespace ringdl
