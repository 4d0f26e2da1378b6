// Masking<T>: BigDL's Keras-style Masking(maskValue): in [N, T, F], a time step whose features all equal
// maskValue becomes zeros (and gets a zero gradient); the other steps pass unchanged.
#pragma once

#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct MaskingOptions {
  double maskValue = 0;
  template <typename V>
  void fields(V& v) {
    v("maskValue", maskValue);
  }
};

template <typename T>
class Masking : public TensorModule<T> {
 public:
  explicit Masking(double maskValue = 0) : Masking(MaskingOptions{maskValue}) {}
  explicit Masking(const MaskingOptions& options) : TensorModule<T>("Masking"), options_(options) {}
  explicit Masking(const Attributes& a) : Masking(optionsFrom<MaskingOptions>(a, "Masking")) {}

  Attributes config() const override { return attributesOf(options_); }
  const MaskingOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  MaskingOptions options_;
  std::vector<char> masked_;  // per step of the last forward: 1 where every feature equalled maskValue
  Tensor<T> out_, grad_;
};

extern template class Masking<float>;
extern template class Masking<double>;

}  // namespace ringdl
