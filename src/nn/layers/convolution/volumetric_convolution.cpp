// VolumetricConvolution<T>: its options as a VolumeConvolution over three spatial dimensions.
#include "ringdl/nn/layers/convolution/volumetric_convolution.h"

namespace ringdl {

namespace {

detail::VolumeConvolutionSpec specOf(const VolumetricConvolutionOptions& o) {
  detail::VolumeConvolutionSpec s;
  s.spatialDims = 3;
  s.inPlanes = o.nInputPlane;
  s.outPlanes = o.nOutputPlane;
  s.withBias = o.withBias;
  const int64_t kernel[3] = {o.kT, o.kH, o.kW}, stride[3] = {o.dT, o.dH, o.dW},
                pad[3] = {o.padT, o.padH, o.padW};
  for (int i = 0; i < 3; ++i) {
    s.kernel[i] = kernel[i];
    s.stride[i] = stride[i];
    s.pad[i] = pad[i];
  }
  return s;
}

}  // namespace

template <typename T>
VolumetricConvolution<T>::VolumetricConvolution(const VolumetricConvolutionOptions& options)
    : detail::VolumeConvolution<T>("VolumetricConvolution", specOf(options)), options_(options) {}

template class VolumetricConvolution<float>;
template class VolumetricConvolution<double>;

}  // namespace ringdl
