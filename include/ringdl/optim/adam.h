// Adam<T>: Kingma & Ba with bias correction, as torch.optim.Adam (eps added after the bias-corrected
// square root), plus L2 weight decay and BigDL's learning-rate decay.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/optim/optim_method.h"

namespace ringdl {

struct AdamOptions {
  double learningRate = 1e-3;
  double learningRateDecay = 0;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  double weightDecay = 0;

  /// The keys of config() and checkpoints (nn/options.h); ringdl's config spells them in snake_case.
  template <typename V>
  void fields(V& v) {
    v("learningRate", learningRate);
    v("learningRateDecay", learningRateDecay);
    v("beta1", beta1);
    v("beta2", beta2);
    v("epsilon", epsilon);
    v("weightDecay", weightDecay);
  }

  AdamOptions& lr(double v) {
    learningRate = v;
    return *this;
  }
  AdamOptions& lrDecay(double v) {
    learningRateDecay = v;
    return *this;
  }
  AdamOptions& betas(double b1, double b2) {
    beta1 = b1;
    beta2 = b2;
    return *this;
  }
  AdamOptions& eps(double v) {
    epsilon = v;
    return *this;
  }
  AdamOptions& decay(double v) {
    weightDecay = v;
    return *this;
  }
};

template <typename T>
class Adam : public OptimMethod<T> {
 public:
  explicit Adam(const AdamOptions& options = {});
  explicit Adam(const Attributes& config) : Adam(optionsFrom<AdamOptions>(config, "Adam")) {}

  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
  Attributes config() const override { return attributesOf(options_); }
  const AdamOptions& options() const { return options_; }

 private:
  AdamOptions options_;
};

extern template class Adam<float>;
extern template class Adam<double>;

}  // namespace ringdl
