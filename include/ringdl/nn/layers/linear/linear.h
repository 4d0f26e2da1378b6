// Linear<T>: y = x W^T + b for x of shape [N, in] (or [in]); W is [out, in], b is [out]. BigDL's wRegularizer and
// bRegularizer options ([l1, l2], nn/regularizer.h) penalise W and b.
#pragma once

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/regularizer.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct LinearOptions {
  int64_t inputSize = 0;
  int64_t outputSize = 0;
  bool withBias = true;
  RegularizerOption wRegularizer, bRegularizer;  ///< unset: none (and not saved)
  template <typename V>
  void fields(V& v) {
    v("inputSize", inputSize, kRequired);
    v("outputSize", outputSize, kRequired);
    v("withBias", withBias);
    v("wRegularizer", wRegularizer);
    v("bRegularizer", bRegularizer);
  }
};

template <typename T>
class Linear : public TensorModule<T>, public RegularizedLayer {
 public:
  Linear(int64_t inputSize, int64_t outputSize, bool withBias = true)
      : Linear(LinearOptions{inputSize, outputSize, withBias, {}, {}}) {}
  explicit Linear(const LinearOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit Linear(const Attributes& a) : Linear(optionsFrom<LinearOptions>(a, "Linear")) {}

  /// Sets the initialisers and re-initialises; default: U(+-1/sqrt(in)) for both, as in Torch and BigDL.
  Linear& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const LinearOptions& options() const { return options_; }
  /// BigDL's setters of wRegularizer and bRegularizer (an inactive regulariser removes it).
  Linear& setRegularizers(const Regularizer& weight, const Regularizer& bias = {});
  std::vector<std::pair<std::string, Regularizer>> regularizers() const override;

  Tensor<T>& weight() { return weight_; }
  Tensor<T>& bias() { return bias_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  Tensor<T> asMatrix(const Tensor<T>& input) const;
  /// An Error naming the layer unless gradOutput holds n rows of outputSize.
  void checkGradOutput(int64_t n, const Tensor<T>& gradOutput) const;

  LinearOptions options_;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
  Tensor<T> weight_, bias_, gradWeight_, gradBias_;
};

extern template class Linear<float>;
extern template class Linear<double>;

}  // namespace ringdl
