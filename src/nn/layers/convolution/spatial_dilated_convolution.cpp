// SpatialDilatedConvolution<T>: SpatialConvolution's kernels under BigDL's name and options.
#include "ringdl/nn/layers/convolution/spatial_dilated_convolution.h"

namespace ringdl {

template <typename T>
SpatialDilatedConvolution<T>::SpatialDilatedConvolution(const SpatialDilatedConvolutionOptions& options)
    : SpatialConvolution<T>("SpatialDilatedConvolution", options.convolution()), dilatedOptions_(options) {}

template class SpatialDilatedConvolution<float>;
template class SpatialDilatedConvolution<double>;

}  // namespace ringdl
