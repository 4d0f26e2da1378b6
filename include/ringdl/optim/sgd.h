// SGD<T>: stochastic gradient descent with momentum, dampening, Nesterov, L2 weight decay and BigDL's
// default learning-rate decay lr / (1 + step * learningRateDecay). Matches torch.optim.SGD when the decay is
// 0.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/optim/optim_method.h"

namespace ringdl {

struct SGDOptions {
  double learningRate = 1e-3;
  double learningRateDecay = 0;
  double weightDecay = 0;
  double momentum = 0;
  double dampening = 0;
  bool nesterov = false;

  /// The keys of config() and checkpoints (nn/options.h); ringdl's config spells them in snake_case.
  template <typename V>
  void fields(V& v) {
    v("learningRate", learningRate);
    v("learningRateDecay", learningRateDecay);
    v("weightDecay", weightDecay);
    v("momentum", momentum);
    v("dampening", dampening);
    v("nesterov", nesterov);
  }

  SGDOptions& lr(double v) {
    learningRate = v;
    return *this;
  }
  SGDOptions& lrDecay(double v) {
    learningRateDecay = v;
    return *this;
  }
  SGDOptions& decay(double v) {
    weightDecay = v;
    return *this;
  }
  SGDOptions& withMomentum(double v) {
    momentum = v;
    return *this;
  }
  SGDOptions& withDampening(double v) {
    dampening = v;
    return *this;
  }
  SGDOptions& withNesterov(bool v) {
    nesterov = v;
    return *this;
  }
};

template <typename T>
class SGD : public OptimMethod<T> {
 public:
  explicit SGD(const SGDOptions& options = {});
  explicit SGD(const Attributes& config) : SGD(optionsFrom<SGDOptions>(config, "SGD")) {}

  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
  Attributes config() const override { return attributesOf(options_); }
  const SGDOptions& options() const { return options_; }

 private:
  SGDOptions options_;
};

extern template class SGD<float>;
extern template class SGD<double>;

}  // namespace ringdl
