// PReLU<T>: y = x for x > 0, a x otherwise, with the slope a learnt (He et al.): one slope for every element
// (nOutputPlane = 0), or one per channel (the dimension 1 of a batch [N, C, ...], dimension 0 of a [C]
// vector).
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct PReLUOptions {
  int64_t nOutputPlane = 0;  ///< channels with a slope of their own; 0: one slope shared by all
  template <typename V>
  void fields(V& v) {
    v("nOutputPlane", nOutputPlane);
  }
};

template <typename T>
class PReLU : public TensorModule<T> {
 public:
  explicit PReLU(int64_t nOutputPlane = 0) : PReLU(PReLUOptions{nOutputPlane}) {}
  explicit PReLU(const PReLUOptions& options);
  explicit PReLU(const Attributes& a) : PReLU(optionsFrom<PReLUOptions>(a, "PReLU")) {}

  /// Every slope back to 0.25 (PyTorch's and BigDL's initial value).
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  Tensor<T>& weight() { return weight_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  /// The input as [outer, channels, inner] around its channel dimension (channels 1 when shared).
  struct Geometry {
    int64_t outer = 1, channels = 1, inner = 1;
  };
  Geometry geometryOf(const Tensor<T>& input) const;

  PReLUOptions options_;
  Tensor<T> weight_, gradWeight_;
};

extern template class PReLU<float>;
extern template class PReLU<double>;

}  // namespace ringdl
