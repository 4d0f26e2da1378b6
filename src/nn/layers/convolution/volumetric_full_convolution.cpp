// VolumetricFullConvolution<T>: its options as a transposed VolumeConvolution over three spatial dimensions.
#include "ringdl/nn/layers/convolution/volumetric_full_convolution.h"

namespace ringdl {

namespace {

detail::VolumeConvolutionSpec specOf(const VolumetricFullConvolutionOptions& o) {
  detail::VolumeConvolutionSpec s;
  s.spatialDims = 3;
  s.transposed = true;
  s.inPlanes = o.nInputPlane;
  s.outPlanes = o.nOutputPlane;
  s.groups = o.nGroup;
  s.withBias = !o.noBias;
  const int64_t kernel[3] = {o.kT, o.kH, o.kW}, stride[3] = {o.dT, o.dH, o.dW},
                pad[3] = {o.padT, o.padH, o.padW}, adj[3] = {o.adjT, o.adjH, o.adjW};
  for (int i = 0; i < 3; ++i) {
    s.kernel[i] = kernel[i];
    s.stride[i] = stride[i];
    s.pad[i] = pad[i];
    s.adj[i] = adj[i];
  }
  return s;
}

}  // namespace

template <typename T>
VolumetricFullConvolution<T>::VolumetricFullConvolution(const VolumetricFullConvolutionOptions& options)
    : detail::VolumeConvolution<T>("VolumetricFullConvolution", specOf(options)), options_(options) {}

template class VolumetricFullConvolution<float>;
template class VolumetricFullConvolution<double>;

}  // namespace ringdl
