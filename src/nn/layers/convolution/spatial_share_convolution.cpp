// SpatialShareConvolution<T>: SpatialConvolution under BigDL's other name.
#include "ringdl/nn/layers/convolution/spatial_share_convolution.h"

namespace ringdl {

template <typename T>
SpatialShareConvolution<T>::SpatialShareConvolution(const SpatialConvolutionOptions& options)
    : SpatialConvolution<T>("SpatialShareConvolution", options) {}

template class SpatialShareConvolution<float>;
template class SpatialShareConvolution<double>;

}  // namespace ringdl
