// Evaluate-mode fusion of convolution, batch normalisation and ReLU. In evaluate mode batch normalisation is
// a fixed per-channel affine map, y = x * scale + shift, and ReLU a clamp: a convolution can apply both
// inside its own forward (scale folded into its weights, shift into its bias, the clamp as a oneDNN post-op)
// instead of two more passes over its output. Sequential and Graph do this by themselves in evaluate mode,
// for a convolution whose only consumer is a SpatialBatchNormalization (and that one's only consumer a ReLU),
// or a convolution followed by a ReLU alone; training mode never fuses. The skipped layers' output() is then
// not updated (the container's output is right): call Container::setInferenceFusion(false) to inspect them. A
// backward after a fused forward first re-runs the forward unfused, so gradients are always exact.
#pragma once

#include <cstddef>

#include "ringdl/nn/activity.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

template <typename T>
class Module;

/// What a producer applies to its output channel by channel (dimension -3 of [N, C, H, W] or [C, H, W]):
/// out = max(out * scale + shift, 0) with relu, without it the affine map alone; empty scale: no affine map.
template <typename T>
struct ChannelEpilogue {
  Tensor<T> scale, shift;
  bool relu = false;
  bool hasAffine() const { return scale.numel() > 0; }
};

/// A layer that can apply a ChannelEpilogue in its forward (SpatialConvolution).
template <typename T>
class EpilogueProducer {
 public:
  virtual ~EpilogueProducer() = default;
  /// Output channels, the size an epilogue's scale and shift must have.
  virtual int64_t epilogueChannels() const = 0;
  /// forward(input) with the epilogue applied to the output; the layer keeps no trace of it afterwards.
  virtual const Activity<T>& forwardWithEpilogue(const Activity<T>& input,
                                                 const ChannelEpilogue<T>& epilogue) = 0;
};

/// A layer that, in its current mode, is a per-channel affine map over dimension -3
/// (SpatialBatchNormalization in evaluate mode).
template <typename T>
class ChannelAffine {
 public:
  virtual ~ChannelAffine() = default;
  /// Sets scale and shift (one value per channel) and returns true when the layer is such a map now.
  virtual bool channelAffine(Tensor<T>& scale, Tensor<T>& shift) const = 0;
};

/// How many of the modules after producer (next, then afterNext; either may be nullptr, meaning "not
/// fusable here": another consumer, a container output) fold into its forward of input in evaluate mode, with
/// the epilogue that does it: 0 when producer is no EpilogueProducer, is training, input is not a batch
/// [N, C, H, W] (SpatialBatchNormalization takes nothing else, and a fused forward must fail where the
/// unfused one does), or nothing follows that fits.
template <typename T>
size_t planEpilogue(Module<T>& producer, const Activity<T>& input, Module<T>* next, Module<T>* afterNext,
                    ChannelEpilogue<T>& epilogue);

}  // namespace ringdl
