// Euclidean<T>: BigDL's Euclidean, the Euclidean distance of each input row to each column of a learnt weight
// [inputSize, outputSize] (BigDL's layout): y[n, j] = |x_n - w[:, j]|. Input [N, inputSize] or [inputSize].
// The weight is initially U(+-1/sqrt(inputSize)), as BigDL. BigDL's fastBackward option only changes how it
// computes the same gradient, and is not taken; where a distance is 0 the gradient is the subgradient 0.
#pragma once

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct EuclideanOptions {
  int64_t inputSize = 0;
  int64_t outputSize = 0;
  template <typename V>
  void fields(V& v) {
    v("inputSize", inputSize, kRequired);
    v("outputSize", outputSize, kRequired);
  }
};

template <typename T>
class Euclidean : public TensorModule<T> {
 public:
  Euclidean(int64_t inputSize, int64_t outputSize) : Euclidean(EuclideanOptions{inputSize, outputSize}) {}
  explicit Euclidean(const EuclideanOptions& options);
  explicit Euclidean(const Attributes& a) : Euclidean(optionsFrom<EuclideanOptions>(a, "Euclidean")) {}

  /// Sets the weight's initialiser (Euclidean has no bias: biasInit is not used) and re-initialises.
  Euclidean& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const EuclideanOptions& options() const { return options_; }
  Tensor<T>& weight() { return weight_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  int64_t rowsOf(const Tensor<T>& input) const;
  /// c = gradOutput / y (0 where y is 0) into ratio_, and its row and column sums.
  void ratios(int64_t n, const Tensor<T>& gradOutput);

  EuclideanOptions options_;
  InitMethod weightInit_ = InitMethod::defaultUniform();
  Tensor<T> weight_, gradWeight_;
  Tensor<T> ratio_, rowSum_, colSum_;
};

extern template class Euclidean<float>;
extern template class Euclidean<double>;

}  // namespace ringdl
