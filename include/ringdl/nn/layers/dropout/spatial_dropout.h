// SpatialDropout<T>: the dropout family's base for layers that drop whole channels (SpatialDropout1D, 2D and
// 3D): in training one draw per (sample, channel) decides the whole feature map; each layer only says where
// its channels are. With scale (the default) survivors are multiplied by 1/(1-p) and evaluate() is the
// identity, as PyTorch's Dropout1d/2d/3d; without it, BigDL's: survivors unscaled and evaluate() multiplying
// by 1 - p.
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
class SpatialDropout : public TensorModule<T> {
 public:
  double p() const { return p_; }
  bool scale() const { return scale_; }

 protected:
  /// An input as blocks sharing one mask value: `maps` (sample, channel) pairs; channelsLast: the input is
  /// [samples, positions, channels] with maps = samples * channels, else [maps, positions].
  struct Geometry {
    int64_t maps, positions, channels;
    bool channelsLast;
  };

  SpatialDropout(const char* typeName, double p, bool scale);
  /// The geometry of this input; an Error naming the layer for an input of the wrong rank.
  virtual Geometry geometry(const Tensor<T>& input) const = 0;

  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  void apply(const Tensor<T>& x, const Geometry& g, Tensor<T>& buffer, Tensor<T>& out) const;

  double p_;
  bool scale_;
  std::vector<T> mask_;  // per (sample, channel) of the last training forward: 0 or the survivor scale
  Shape maskedShape_;    // the input shape the mask was drawn for
  Tensor<T> out_, grad_;
};

extern template class SpatialDropout<float>;
extern template class SpatialDropout<double>;

}  // namespace ringdl
