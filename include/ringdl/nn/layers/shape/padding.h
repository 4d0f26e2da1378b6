// Padding<T>: BigDL's Padding(dim, pad, nInputDim, value, nIndex): inserts |pad| entries of `value` along dim
// (0-based): before the input's entry nIndex when pad < 0, before its nIndex-th entry from the end when pad >
// 0 (nIndex 0: at the very start, or the very end).
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct PaddingOptions {
  int64_t dim = 0, pad = 0, nInputDim = 0;
  double value = 0;
  int64_t nIndex = 0;
  template <typename V>
  void fields(V& v) {
    v("dim", dim, kRequired);
    v("pad", pad, kRequired);
    v("nInputDim", nInputDim, kRequired);
    v("value", value);
    v("nIndex", nIndex);
  }
};

template <typename T>
class Padding : public TensorModule<T> {
 public:
  /// nInputDim: the dimensions of one sample; an input with another number of dimensions is a batch, and dim
  /// counts from its second (BigDL's rule). nIndex: 0-based (BigDL's 1 is 0 here).
  Padding(int64_t dim, int64_t pad, int64_t nInputDim, double value = 0, int64_t nIndex = 0)
      : Padding(PaddingOptions{dim, pad, nInputDim, value, nIndex}) {}
  explicit Padding(const PaddingOptions& options);
  explicit Padding(const Attributes& a) : Padding(optionsFrom<PaddingOptions>(a, "Padding")) {}

  Attributes config() const override { return attributesOf(options_); }
  const PaddingOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  struct Where {
    int64_t dim, at;  // the padding goes before the input's entry `at` along `dim`
  };
  Where placement(const Tensor<T>& input) const;

  PaddingOptions options_;
  Tensor<T> out_, grad_;
};

extern template class Padding<float>;
extern template class Padding<double>;

}  // namespace ringdl
