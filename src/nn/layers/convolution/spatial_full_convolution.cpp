// SpatialFullConvolution<T>: its options as a transposed VolumeConvolution over two spatial dimensions.
#include "ringdl/nn/layers/convolution/spatial_full_convolution.h"

namespace ringdl {

namespace {

detail::VolumeConvolutionSpec specOf(const SpatialFullConvolutionOptions& o) {
  detail::VolumeConvolutionSpec s;
  s.spatialDims = 2;
  s.transposed = true;
  s.inPlanes = o.nInputPlane;
  s.outPlanes = o.nOutputPlane;
  s.groups = o.nGroup;
  s.withBias = !o.noBias;
  s.kernel[1] = o.kH;
  s.kernel[2] = o.kW;
  s.stride[1] = o.dH;
  s.stride[2] = o.dW;
  s.pad[1] = o.padH;
  s.pad[2] = o.padW;
  s.adj[1] = o.adjH;
  s.adj[2] = o.adjW;
  return s;
}

}  // namespace

template <typename T>
SpatialFullConvolution<T>::SpatialFullConvolution(const SpatialFullConvolutionOptions& options)
    : detail::VolumeConvolution<T>("SpatialFullConvolution", specOf(options)), options_(options) {}

template class SpatialFullConvolution<float>;
template class SpatialFullConvolution<double>;

}  // namespace ringdl
