// ScaleShift<T>: the base of the linear layers that scale and/or shift their input element by element with a
// learnt tensor broadcast to it (CAdd, CMul, Scale, Add, Mul): y = x * weight + bias. A layer gives its
// parameter shape and its broadcasting rule (broadcastOf); the base does the loops, checks and gradients.
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
class ScaleShift : public TensorModule<T> {
 public:
  /// Sets the initialisers and re-initialises: weightInit for the scale, biasInit for the shift (a layer with
  /// only one uses only that one). Default: U(+-1/sqrt(n)) for a parameter of n elements, as BigDL.
  ScaleShift& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;

 protected:
  /// How the parameters meet an input: the input's shape (its dimensions may be merged) and, for each of
  /// those dimensions, the parameters' stride (0 where they are broadcast).
  struct Broadcast {
    Shape shape;
    std::vector<int64_t> paramStride;
  };

  /// scale: a learnt weight of paramShape; shift: a learnt bias of paramShape.
  ScaleShift(std::string typeName, Shape paramShape, bool scale, bool shift);

  /// The broadcast for this input, or an Error naming the layer, the shapes and the rule.
  virtual Broadcast broadcastOf(const Tensor<T>& input) const = 0;
  /// BigDL's size rule (CAdd, CMul, Scale): an input of as many elements as `size` is taken element by
  /// element whatever its shape; otherwise `size` has the input's rank, or one less (a batch: a leading 1 is
  /// added), and each of its dimensions is the input's or 1 (broadcast).
  Broadcast bySizeRule(const Tensor<T>& input, const Shape& size) const;

  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

  Tensor<T> weight_, bias_, gradWeight_, gradBias_;

 private:
  void checkGradOutput(const Tensor<T>& input, const Tensor<T>& gradOutput) const;

  bool scale_, shift_;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
};

extern template class ScaleShift<float>;
extern template class ScaleShift<double>;

}  // namespace ringdl
