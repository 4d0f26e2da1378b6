// Squeeze<T>: BigDL's Squeeze(dims, numInputDims): removes the given dimensions of size 1 (0-based), or every
// dimension of size 1, as a view of the input.
#pragma once

#include <utility>
#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct SqueezeOptions {
  std::vector<int64_t> dims;  ///< empty: every dimension of size 1
  int64_t numInputDims = 0;   ///< 0: no batch rule
  template <typename V>
  void fields(V& v) {
    v("dims", dims);
    v("numInputDims", numInputDims);
  }
};

template <typename T>
class Squeeze : public TensorModule<T> {
 public:
  /// dims: negative counts from the end. As in BigDL, a listed dimension whose size is not 1 stays. With
  /// numInputDims > 0 an input of numInputDims + 1 dimensions is a batch: listed dimensions count from its
  /// second, and without dims a batch of one keeps its batch dimension.
  explicit Squeeze(std::vector<int64_t> dims = {}, int64_t numInputDims = 0)
      : Squeeze(SqueezeOptions{std::move(dims), numInputDims}) {}
  explicit Squeeze(const SqueezeOptions& options);
  explicit Squeeze(const Attributes& a) : Squeeze(optionsFrom<SqueezeOptions>(a, "Squeeze")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SqueezeOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  SqueezeOptions options_;
};

extern template class Squeeze<float>;
extern template class Squeeze<double>;

}  // namespace ringdl
