// LogSoftMax<T>: a numerically stable (max-subtracted) log-softmax over the class dimension: the last
// dimension of [C] or [N, C], the channel dimension of [C, H, W] or [N, C, H, W] (BigDL's rule; PyTorch's
// dim=0 / dim=1).
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

/// LogSoftMax takes no options; the struct is there so that an Attributes with any key is refused.
struct LogSoftMaxOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class LogSoftMax : public TensorModule<T> {
 public:
  LogSoftMax() : TensorModule<T>("LogSoftMax") {}
  explicit LogSoftMax(const LogSoftMaxOptions&) : LogSoftMax() {}
  explicit LogSoftMax(const Attributes& a) : LogSoftMax(optionsFrom<LogSoftMaxOptions>(a, "LogSoftMax")) {}

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  /// Uses the layer's own output, so backward must follow the forward of the same input.
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  Tensor<T> scratch_;  // exponentials, reused across batches
};

extern template class LogSoftMax<float>;
extern template class LogSoftMax<double>;

}  // namespace ringdl
