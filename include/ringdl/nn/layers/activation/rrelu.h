// RReLU<T>: the randomised leaky ReLU (Xu et al.): in training, y = a x for x < 0 with a drawn from
// U(lower, upper) per element (from Random::global(), so runs and resumes repeat); in evaluate(), a is the
// mean slope (lower + upper) / 2.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct RReLUOptions {
  double lower = 1.0 / 8, upper = 1.0 / 3;
  template <typename V>
  void fields(V& v) {
    v("lower", lower);
    v("upper", upper);
  }
};

template <typename T>
class RReLU : public TensorModule<T> {
 public:
  RReLU(double lower = 1.0 / 8, double upper = 1.0 / 3) : RReLU(RReLUOptions{lower, upper}) {}
  explicit RReLU(const RReLUOptions& options);
  explicit RReLU(const Attributes& a) : RReLU(optionsFrom<RReLUOptions>(a, "RReLU")) {}

  Attributes config() const override { return attributesOf(options_); }
  /// The slope of each element in the last forward (1 where the input was positive).
  const Tensor<T>& noise() const { return noise_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  RReLUOptions options_;
  Tensor<T> noise_;
};

extern template class RReLU<float>;
extern template class RReLU<double>;

}  // namespace ringdl
