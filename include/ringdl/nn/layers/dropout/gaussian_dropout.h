// GaussianDropout<T>: BigDL's GaussianDropout(rate): in training each element is multiplied by noise drawn
// from N(1, rate / (1 - rate)) (standard deviation sqrt(rate / (1 - rate))), and its gradient by the same
// noise; in evaluate() it is the identity. Noise from Random::global(), so runs are reproducible from their
// seed.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct GaussianDropoutOptions {
  double rate = 0.5;
  template <typename V>
  void fields(V& v) {
    v("rate", rate, kRequired);
  }
};

template <typename T>
class GaussianDropout : public TensorModule<T> {
 public:
  /// rate in [0, 1).
  explicit GaussianDropout(double rate) : GaussianDropout(GaussianDropoutOptions{rate}) {}
  explicit GaussianDropout(const GaussianDropoutOptions& options);
  explicit GaussianDropout(const Attributes& a)
      : GaussianDropout(optionsFrom<GaussianDropoutOptions>(a, "GaussianDropout")) {}

  Attributes config() const override { return attributesOf(options_); }
  const GaussianDropoutOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  GaussianDropoutOptions options_;
  Tensor<T> noise_;  // the multipliers of the last training forward
  Tensor<T> out_, grad_;
};

extern template class GaussianDropout<float>;
extern template class GaussianDropout<double>;

}  // namespace ringdl
