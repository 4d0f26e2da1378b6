// UpSampling1D<T>: BigDL's UpSampling1D(length): each step of [N, T, C] repeated `length` times, giving
// [N, T * length, C]; backward sums the repeats.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct UpSampling1DOptions {
  int64_t length = 2;
  template <typename V>
  void fields(V& v) {
    v("length", length);
  }
};

template <typename T>
class UpSampling1D : public TensorModule<T> {
 public:
  explicit UpSampling1D(int64_t length = 2) : UpSampling1D(UpSampling1DOptions{length}) {}
  explicit UpSampling1D(const UpSampling1DOptions& options);
  explicit UpSampling1D(const Attributes& a)
      : UpSampling1D(optionsFrom<UpSampling1DOptions>(a, "UpSampling1D")) {}

  Attributes config() const override { return attributesOf(options_); }
  const UpSampling1DOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  UpSampling1DOptions options_;
  Tensor<T> out_, grad_;
};

extern template class UpSampling1D<float>;
extern template class UpSampling1D<double>;

}  // namespace ringdl
