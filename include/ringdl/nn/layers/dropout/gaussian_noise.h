// GaussianNoise<T>: BigDL's GaussianNoise(stddev): in training adds noise drawn from N(0, stddev^2) to each
// element (the gradient passes unchanged); in evaluate() it is the identity. Noise from Random::global(), so
// runs are reproducible from their seed.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct GaussianNoiseOptions {
  double stddev = 1;
  template <typename V>
  void fields(V& v) {
    v("stddev", stddev, kRequired);
  }
};

template <typename T>
class GaussianNoise : public TensorModule<T> {
 public:
  /// stddev >= 0.
  explicit GaussianNoise(double stddev) : GaussianNoise(GaussianNoiseOptions{stddev}) {}
  explicit GaussianNoise(const GaussianNoiseOptions& options);
  explicit GaussianNoise(const Attributes& a)
      : GaussianNoise(optionsFrom<GaussianNoiseOptions>(a, "GaussianNoise")) {}

  Attributes config() const override { return attributesOf(options_); }
  const GaussianNoiseOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  GaussianNoiseOptions options_;
  Tensor<T> out_;
};

extern template class GaussianNoise<float>;
extern template class GaussianNoise<double>;

}  // namespace ringdl
