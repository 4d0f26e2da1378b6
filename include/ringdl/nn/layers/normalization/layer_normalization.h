// LayerNormalization<T>: Ba et al.'s layer normalisation as BigDL's LayerNormalization and PyTorch's
// nn.LayerNorm(hiddenSize): every vector along the last dimension (of hiddenSize values; any leading
// dimensions) is normalised to mean 0 and variance 1 (biased, eps added), then scaled by a learnt weight
// (initially 1) and shifted by a learnt bias (initially 0), one value per position of the last dimension.
#pragma once

#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct LayerNormalizationOptions {
  int64_t hiddenSize = 0;  ///< the size of the last dimension
  double eps = 1e-6;       ///< added to the variance: BigDL's (fixed there), PyTorch's default is 1e-5
  template <typename V>
  void fields(V& v) {
    v("hiddenSize", hiddenSize, kRequired);
    v("eps", eps);
  }
};

template <typename T>
class LayerNormalization : public TensorModule<T> {
 public:
  explicit LayerNormalization(int64_t hiddenSize, double eps = 1e-6)
      : LayerNormalization(LayerNormalizationOptions{hiddenSize, eps}) {}
  explicit LayerNormalization(const LayerNormalizationOptions& options);
  explicit LayerNormalization(const Attributes& a)
      : LayerNormalization(optionsFrom<LayerNormalizationOptions>(a, "LayerNormalization")) {}

  /// weight = 1, bias = 0.
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const LayerNormalizationOptions& options() const { return options_; }
  Tensor<T>& weight() { return weight_; }
  Tensor<T>& bias() { return bias_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  /// The number of vectors of hiddenSize in the input, checked against the layer.
  int64_t rowsOf(const Tensor<T>& input) const;
  void checkGradOutput(const Tensor<T>& input, const Tensor<T>& gradOutput) const;

  LayerNormalizationOptions options_;
  Tensor<T> weight_, bias_, gradWeight_, gradBias_;
  // From the last forward, per vector: its mean and 1/sqrt(var + eps), in double (inputs far from 0 would
  // cancel in float).
  std::vector<double> mean_, invStd_;
};

extern template class LayerNormalization<float>;
extern template class LayerNormalization<double>;

}  // namespace ringdl
