// Bilinear<T>: BigDL's (and PyTorch's) Bilinear on a Table {x1, x2}: y[n, k] = x1_n^T W_k x2_n + b_k for x1
// [N, inputSize1] and x2 [N, inputSize2] (or one sample, [inputSize1] and [inputSize2], giving
// [outputSize]). Weight [outputSize, inputSize1, inputSize2], bias [outputSize] (biasRes), both initially
// U(+-1/sqrt(inputSize1)), as BigDL.
#pragma once

#include <vector>

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct BilinearOptions {
  int64_t inputSize1 = 0;
  int64_t inputSize2 = 0;
  int64_t outputSize = 0;
  bool biasRes = true;  ///< BigDL's name for withBias
  template <typename V>
  void fields(V& v) {
    v("inputSize1", inputSize1, kRequired);
    v("inputSize2", inputSize2, kRequired);
    v("outputSize", outputSize, kRequired);
    v("biasRes", biasRes);
  }
};

template <typename T>
class Bilinear : public TableToTensor<T> {
 public:
  Bilinear(int64_t inputSize1, int64_t inputSize2, int64_t outputSize, bool biasRes = true)
      : Bilinear(BilinearOptions{inputSize1, inputSize2, outputSize, biasRes}) {}
  explicit Bilinear(const BilinearOptions& options);
  explicit Bilinear(const Attributes& a) : Bilinear(optionsFrom<BilinearOptions>(a, "Bilinear")) {}

  /// Sets the initialisers and re-initialises; default U(+-1/sqrt(inputSize1)) for both, as BigDL.
  Bilinear& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const BilinearOptions& options() const { return options_; }
  Tensor<T>& weight() { return weight_; }
  Tensor<T>& bias() { return bias_; }

  void accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) override;

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;

 private:
  /// The number of samples of {x1, x2}, or an Error naming the layer and both shapes.
  int64_t rowsOf(const Tensor<T>& x1, const Tensor<T>& x2) const;
  /// rows * each row r of x scaled by gradOutput[r, k], into out.
  void scaleRows(const Tensor<T>& x, const T* gradOutput, int64_t k, int64_t n, Tensor<T>& out) const;

  BilinearOptions options_;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
  Tensor<T> weight_, bias_, gradWeight_, gradBias_;
  Tensor<T> buffer_, scaled1_, scaled2_;
};

extern template class Bilinear<float>;
extern template class Bilinear<double>;

}  // namespace ringdl
