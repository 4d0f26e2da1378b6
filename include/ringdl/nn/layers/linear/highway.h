// Highway<T>: BigDL's Highway (Srivastava et al.), y = t * act(W_h x + b_h) + (1 - t) * x with the gate
// t = sigmoid(W_t x + b_t), for x [N, size] or [size]. activation names a registered parameter-free layer
// ("Tanh", "ReLU", ...) or is empty for none (BigDL's null: the transform stays linear). Parameters, as the
// two Linears of BigDL's graph: gate.weight [size, size], gate.bias [size], transform.weight, transform.bias
// (without withBias, no biases); all initially U(+-1/sqrt(size)), BigDL's Linear default.
#pragma once

#include <string>
#include <utility>

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct HighwayOptions {
  int64_t size = 0;
  bool withBias = true;
  std::string activation;  ///< a registered parameter-free layer type, or empty for none
  template <typename V>
  void fields(V& v) {
    v("size", size, kRequired);
    v("withBias", withBias);
    v("activation", activation);
  }
};

template <typename T>
class Highway : public TensorModule<T> {
 public:
  explicit Highway(int64_t size, bool withBias = true, std::string activation = "")
      : Highway(HighwayOptions{size, withBias, std::move(activation)}) {}
  explicit Highway(const HighwayOptions& options);
  explicit Highway(const Attributes& a) : Highway(optionsFrom<HighwayOptions>(a, "Highway")) {}

  /// Sets the initialisers of both Linears (gate and transform) and re-initialises; default
  /// U(+-1/sqrt(size)).
  Highway& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const HighwayOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;
  /// The activation follows this layer's mode (it is not a child: Highway is one layer, not a container).
  void setTrainingMode(bool on) override;

 private:
  int64_t rowsOf(const Tensor<T>& input) const;
  /// The gradients of the gate's and the transform's pre-activations (into gradGate_, gradTransform_).
  void preActivationGrads(const Tensor<T>& input, const Tensor<T>& gradOutput);

  HighwayOptions options_;
  ModulePtr<T> activation_;  ///< null for none
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
  Tensor<T> gateWeight_, gateBias_, transformWeight_, transformBias_;
  Tensor<T> gradGateWeight_, gradGateBias_, gradTransformWeight_, gradTransformBias_;
  Tensor<T> gate_, transform_, activated_;              ///< t, W_h x + b_h and act() of it, from forward
  Tensor<T> gradGate_, gradActivated_, gradTransform_;  ///< of the gate's input, act()'s output, its input
};

extern template class Highway<float>;
extern template class Highway<double>;

}  // namespace ringdl
