// SpatialShareConvolution<T>: BigDL's SpatialConvolution that shares its scratch buffers between layers; here
// the same layer as SpatialConvolution (same options, parameters and numbers) under its own type name, so
// BigDL models keep their layer names.
#pragma once

#include "ringdl/nn/layers/convolution/spatial_convolution.h"

namespace ringdl {

/// SpatialConvolution in every respect but its type name. BigDL shares the im2col buffers of all its
/// SpatialShareConvolutions to save memory; RingDL's SpatialConvolution keeps its own and reuses them across
/// calls, and sharing them would make a layer's backward depend on the forward of another.
template <typename T>
class SpatialShareConvolution : public SpatialConvolution<T> {
 public:
  /// BigDL's argument order (SpatialConvolution's).
  SpatialShareConvolution(int64_t nInputPlane, int64_t nOutputPlane, int64_t kernelW, int64_t kernelH,
                          int64_t strideW = 1, int64_t strideH = 1, int64_t padW = 0, int64_t padH = 0,
                          int64_t nGroup = 1, bool withBias = true)
      : SpatialShareConvolution(SpatialConvolutionOptions{nInputPlane, nOutputPlane, kernelW, kernelH,
                                                          strideW, strideH, padW, padH, nGroup, withBias}) {}
  explicit SpatialShareConvolution(const SpatialConvolutionOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit SpatialShareConvolution(const Attributes& a)
      : SpatialShareConvolution(optionsFrom<SpatialConvolutionOptions>(a, "SpatialShareConvolution")) {}
};

extern template class SpatialShareConvolution<float>;
extern template class SpatialShareConvolution<double>;

}  // namespace ringdl
