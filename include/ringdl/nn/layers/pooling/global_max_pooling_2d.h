// GlobalMaxPooling2D<T>: the maximum of each H x W plane of [N, C, H, W] (or [C, H, W]) input, as [N, C].
#pragma once

#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct GlobalMaxPooling2DOptions {
  template <typename V>
  void fields(V&) {}
};

/// Keras-in-BigDL's GlobalMaxPooling2D with channels first: [N, C, H, W] gives [N, C] and [C, H, W] gives
/// [C], any H and W. Each plane's argmax (the first maximum, or the last NaN, as in PyTorch) is kept for
/// backward. SpatialMaxPooling with globalPooling is the same maximum but keeps [N, C, 1, 1].
template <typename T>
class GlobalMaxPooling2D : public TensorModule<T> {
 public:
  GlobalMaxPooling2D() : TensorModule<T>("GlobalMaxPooling2D") {}
  explicit GlobalMaxPooling2D(const GlobalMaxPooling2DOptions&) : GlobalMaxPooling2D() {}
  /// Rebuilds from config() (the layer registry's constructor).
  explicit GlobalMaxPooling2D(const Attributes& a)
      : GlobalMaxPooling2D(optionsFrom<GlobalMaxPooling2DOptions>(a, "GlobalMaxPooling2D")) {}

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  Shape forwardShape_;
  std::vector<int64_t> argmax_;  ///< per plane, the offset of its maximum in the plane
};

extern template class GlobalMaxPooling2D<float>;
extern template class GlobalMaxPooling2D<double>;

}  // namespace ringdl
