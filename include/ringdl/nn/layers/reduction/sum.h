// Sum<T>: BigDL's Sum(dimension, nInputDims, sizeAverage, squeeze): the sum of the input along dimension
// (0-based), divided by its size with sizeAverage; the dimension is dropped with squeeze unless the input has
// only one dimension (then the output is [1], as BigDL's).
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct SumOptions {
  int64_t dimension = 0;
  int64_t nInputDims = 0;  ///< 0: no batch rule
  bool sizeAverage = false, squeeze = true;
  template <typename V>
  void fields(V& v) {
    v("dimension", dimension);
    v("nInputDims", nInputDims);
    v("sizeAverage", sizeAverage);
    v("squeeze", squeeze);
  }
};

template <typename T>
class Sum : public TensorModule<T> {
 public:
  /// dimension: negative counts from the end. With nInputDims > 0, an input of nInputDims + 1 dimensions is
  /// a batch and dimension counts from its second.
  explicit Sum(int64_t dimension = 0, int64_t nInputDims = 0, bool sizeAverage = false, bool squeeze = true)
      : Sum(SumOptions{dimension, nInputDims, sizeAverage, squeeze}) {}
  explicit Sum(const SumOptions& options) : Sum(options, "Sum") {}
  explicit Sum(const Attributes& a) : Sum(optionsFrom<SumOptions>(a, "Sum")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SumOptions& options() const { return options_; }

 protected:
  /// For Mean, which is Sum with sizeAverage under its own name.
  Sum(const SumOptions& options, const char* typeName);

  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

  SumOptions options_;

 private:
  Tensor<T> out_, grad_;
};

extern template class Sum<float>;
extern template class Sum<double>;

}  // namespace ringdl
