// TemporalMaxPooling<T>: the maximum over each window of kW frames of a sequence [N, T, F] (or [T, F]).
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

/// dW = -1 (BigDL's default) steps by kW, so that windows do not overlap.
struct TemporalMaxPoolingOptions {
  int64_t kW = 0, dW = -1;
  template <typename V>
  void fields(V& v) {
    v("kW", kW, kRequired);
    v("dW", dW);
  }
};

/// BigDL's TemporalMaxPooling: [T, F] gives [oT, F] and a batch [N, T, F] gives [N, oT, F], with
/// oT = floor((T - kW) / dW) + 1 (no padding, no ceil mode); each feature is pooled on its own. The argmax of
/// each window (the first maximum, or the last NaN, as in PyTorch) is kept for backward.
template <typename T>
class TemporalMaxPooling : public TensorModule<T> {
 public:
  /// BigDL's argument order.
  explicit TemporalMaxPooling(int64_t kW, int64_t dW = -1)
      : TemporalMaxPooling(TemporalMaxPoolingOptions{kW, dW}) {}
  explicit TemporalMaxPooling(const TemporalMaxPoolingOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit TemporalMaxPooling(const Attributes& a)
      : TemporalMaxPooling(optionsFrom<TemporalMaxPoolingOptions>(a, "TemporalMaxPooling")) {}

  Attributes config() const override { return attributesOf(options_); }
  const TemporalMaxPoolingOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  TemporalMaxPoolingOptions options_;
  int64_t stride_;  ///< dW, or kW when dW is -1
  Shape forwardShape_;
  std::vector<int32_t> argmax_;  ///< per output element, the input frame its maximum came from
};

extern template class TemporalMaxPooling<float>;
extern template class TemporalMaxPooling<double>;

}  // namespace ringdl
