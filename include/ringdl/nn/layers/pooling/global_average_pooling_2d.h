// GlobalAveragePooling2D<T>: the mean of each H x W plane of [N, C, H, W] (or [C, H, W]) input, as [N, C].
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct GlobalAveragePooling2DOptions {
  template <typename V>
  void fields(V&) {}
};

/// Keras-in-BigDL's GlobalAveragePooling2D with channels first: [N, C, H, W] gives [N, C] and [C, H, W] gives
/// [C], any H and W. SpatialAveragePooling with globalPooling is the same mean but keeps [N, C, 1, 1].
template <typename T>
class GlobalAveragePooling2D : public TensorModule<T> {
 public:
  GlobalAveragePooling2D() : TensorModule<T>("GlobalAveragePooling2D") {}
  explicit GlobalAveragePooling2D(const GlobalAveragePooling2DOptions&) : GlobalAveragePooling2D() {}
  /// Rebuilds from config() (the layer registry's constructor).
  explicit GlobalAveragePooling2D(const Attributes& a)
      : GlobalAveragePooling2D(optionsFrom<GlobalAveragePooling2DOptions>(a, "GlobalAveragePooling2D")) {}

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
};

extern template class GlobalAveragePooling2D<float>;
extern template class GlobalAveragePooling2D<double>;

}  // namespace ringdl
