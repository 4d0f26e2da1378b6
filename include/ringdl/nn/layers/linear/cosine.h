// Cosine<T>: BigDL's Cosine, the cosine similarity of each input row with each row of a learnt weight
// [outputSize, inputSize]: y[n, j] = x_n . w_j / ((|x_n| + 1e-12) (|w_j| + 1e-12)). Input [N, inputSize] or
// [inputSize]. The weight is initially U(+-1/sqrt(outputSize)), as BigDL (its stdv is 1/sqrt of the weight's
// first size).
#pragma once

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct CosineOptions {
  int64_t inputSize = 0;
  int64_t outputSize = 0;
  template <typename V>
  void fields(V& v) {
    v("inputSize", inputSize, kRequired);
    v("outputSize", outputSize, kRequired);
  }
};

template <typename T>
class Cosine : public TensorModule<T> {
 public:
  Cosine(int64_t inputSize, int64_t outputSize) : Cosine(CosineOptions{inputSize, outputSize}) {}
  explicit Cosine(const CosineOptions& options);
  explicit Cosine(const Attributes& a) : Cosine(optionsFrom<CosineOptions>(a, "Cosine")) {}

  /// Sets the weight's initialiser (Cosine has no bias: biasInit is not used) and re-initialises.
  Cosine& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const CosineOptions& options() const { return options_; }
  Tensor<T>& weight() { return weight_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  int64_t rowsOf(const Tensor<T>& input) const;
  void checkGradOutput(int64_t n, const Tensor<T>& gradOutput) const;
  /// The row norms plus 1e-12 of m [rows, inputSize] into norms.
  static void rowNorms(const Tensor<T>& m, int64_t rows, int64_t cols, Tensor<T>& norms);

  CosineOptions options_;
  InitMethod weightInit_ = InitMethod::defaultUniform();
  Tensor<T> weight_, gradWeight_;
  Tensor<T> inputNorm_, weightNorm_;  ///< from forward
  Tensor<T> scaled_;                  ///< gradOutput / (|x| |w|), [N, outputSize]
};

extern template class Cosine<float>;
extern template class Cosine<double>;

}  // namespace ringdl
