// Max<T>: BigDL's Max(dim, numInputDims): the maximum of the input along dim (0-based), which is dropped
// unless the input has one dimension (then the output is [1]); the winning indices are kept for backward,
// which gives each output's gradient to its winner (on a tie the first, and a NaN wins).
#pragma once

#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct MaxOptions {
  int64_t dim = 0;
  int64_t numInputDims = 0;  ///< 0: no batch rule
  template <typename V>
  void fields(V& v) {
    v("dim", dim);
    v("numInputDims", numInputDims);
  }
};

template <typename T>
class Max : public TensorModule<T> {
 public:
  /// dim: negative counts from the end. With numInputDims > 0, an input of numInputDims + 1 dimensions is a
  /// batch and dim counts from its second.
  explicit Max(int64_t dim = 0, int64_t numInputDims = 0) : Max(MaxOptions{dim, numInputDims}) {}
  explicit Max(const MaxOptions& options);
  explicit Max(const Attributes& a) : Max(optionsFrom<MaxOptions>(a, "Max")) {}

  Attributes config() const override { return attributesOf(options_); }
  const MaxOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  MaxOptions options_;
  std::vector<int64_t> indices_;  // per output element, the index along dim of its winner
  Tensor<T> out_, grad_;
};

extern template class Max<float>;
extern template class Max<double>;

}  // namespace ringdl
