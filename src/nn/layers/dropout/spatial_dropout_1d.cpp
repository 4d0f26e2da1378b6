// SpatialDropout1D<T>: channels last; [T, C] is one sample.
#include "ringdl/nn/layers/dropout/spatial_dropout_1d.h"

namespace ringdl {

template <typename T>
SpatialDropout1D<T>::SpatialDropout1D(const SpatialDropout1DOptions& options)
    : SpatialDropout<T>("SpatialDropout1D", options.initP, options.scale), options_(options) {}

template <typename T>
typename SpatialDropout<T>::Geometry SpatialDropout1D<T>::geometry(const Tensor<T>& x) const {
  RINGDL_CHECK_LAYER(x.dim() == 2 || x.dim() == 3, "expected input of shape [N, T, C] or [T, C], got ",
                     ringdl::toString(x.shape()));
  const int64_t samples = x.dim() == 3 ? x.size(0) : 1;
  return {samples * x.size(-1), x.size(-2), x.size(-1), true};
}

template class SpatialDropout1D<float>;
template class SpatialDropout1D<double>;

}  // namespace ringdl
