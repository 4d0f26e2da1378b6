// Maxout<T>: BigDL's Maxout, a Linear(inputSize, outputSize * maxoutNumber) whose outputs are taken as
// maxoutNumber groups of outputSize and reduced by an element-wise maximum over the groups: y[j] =
// max_k (x W^T + b)[k * outputSize + j]. Input [N, inputSize] or [inputSize]. Weight
// [outputSize * maxoutNumber, inputSize], bias [outputSize * maxoutNumber], initially U(+-1/sqrt(inputSize))
// as BigDL's Linear.
#pragma once

#include <vector>

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct MaxoutOptions {
  int64_t inputSize = 0;
  int64_t outputSize = 0;
  int64_t maxoutNumber = 0;  ///< the number of groups (Linear maps) the maximum is taken over
  bool withBias = true;
  template <typename V>
  void fields(V& v) {
    v("inputSize", inputSize, kRequired);
    v("outputSize", outputSize, kRequired);
    v("maxoutNumber", maxoutNumber, kRequired);
    v("withBias", withBias);
  }
};

template <typename T>
class Maxout : public TensorModule<T> {
 public:
  Maxout(int64_t inputSize, int64_t outputSize, int64_t maxoutNumber, bool withBias = true)
      : Maxout(MaxoutOptions{inputSize, outputSize, maxoutNumber, withBias}) {}
  explicit Maxout(const MaxoutOptions& options);
  explicit Maxout(const Attributes& a) : Maxout(optionsFrom<MaxoutOptions>(a, "Maxout")) {}

  /// Sets the initialisers and re-initialises; default U(+-1/sqrt(inputSize)) for both, as BigDL's Linear.
  Maxout& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const MaxoutOptions& options() const { return options_; }

  Tensor<T>& weight() { return weight_; }
  Tensor<T>& bias() { return bias_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  /// The number of rows of input ([N, in]: N, [in]: 1), or an Error naming the layer.
  int64_t rowsOf(const Tensor<T>& input) const;
  void checkGradOutput(int64_t n, const Tensor<T>& gradOutput) const;
  /// The gradient of the Linear's output: gradOutput routed to each maximum (into gradLinear_).
  void routeGradient(int64_t n, const Tensor<T>& gradOutput);

  MaxoutOptions options_;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
  Tensor<T> weight_, bias_, gradWeight_, gradBias_;
  Tensor<T> linear_, gradLinear_;  ///< [N, outputSize * maxoutNumber]
  std::vector<int64_t> winner_;    ///< for each output element, the group whose value was the maximum
};

extern template class Maxout<float>;
extern template class Maxout<double>;

}  // namespace ringdl
