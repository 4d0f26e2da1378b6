// LarsSGD<T>: BigDL's LarsSGD: SGD with layer-wise adaptive rate scaling (You et al. 2017,
// "Large Batch Training of Convolutional Networks"). Each parameter tensor (the layout the engine gives with
// setParameterLayout; without one the whole buffer) gets a local rate trust * ||w|| / (||g|| + weightDecay *
// ||w||) (1 when a norm is 0), and v = momentum * v + lr * local * (g + weightDecay * w), w -= v, lr decayed
// as BigDL's lr / (1 + updates * learningRateDecay). BigDL's defaults. PyTorch has no LARS.
#pragma once

#include "ringdl/optim/configured_method.h"

namespace ringdl {

struct LarsSGDOptions {
  double learningRate = 1e-3;
  double learningRateDecay = 0.01;
  double weightDecay = 5e-4;
  double momentum = 0.5;
  double trust = 1.0;  ///< the trust coefficient eta

  /// The keys of config() and checkpoints; ringdl's config spells them in snake_case.
  template <typename V>
  void fields(V& v) {
    v("learningRate", learningRate);
    v("learningRateDecay", learningRateDecay);
    v("weightDecay", weightDecay);
    v("momentum", momentum);
    v("trust", trust);
  }
};

template <typename T>
class LarsSGD : public ConfiguredMethod<T, LarsSGDOptions> {
 public:
  explicit LarsSGD(const LarsSGDOptions& options = {});
  explicit LarsSGD(const Attributes& config) : LarsSGD(optionsFrom<LarsSGDOptions>(config, "LarsSGD")) {}

  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
  void setParameterLayout(const std::vector<ParamSpan>& layout) override { layout_ = layout; }
  std::string elementwiseProblem() const override {
    return "LarsSGD scales each parameter tensor by its norms, which a slice of the buffers does not have";
  }

 private:
  std::vector<ParamSpan> layout_;
};

extern template class LarsSGD<float>;
extern template class LarsSGD<double>;

}  // namespace ringdl
