// SpatialDropout3D<T>: NCHW keeps each map contiguous ([maps, positions]); NHWC has the channels innermost.
// An input of 4 dimensions is one sample.
#include "ringdl/nn/layers/dropout/spatial_dropout_3d.h"

namespace ringdl {

template <typename T>
SpatialDropout3D<T>::SpatialDropout3D(const SpatialDropout3DOptions& options)
    : SpatialDropout<T>("SpatialDropout3D", options.initP, options.scale), options_(options) {
  RINGDL_CHECK(options.format == "NCHW" || options.format == "NHWC",
               "SpatialDropout3D: format must be \"NCHW\" or \"NHWC\", got \"", options.format, "\"");
}

template <typename T>
typename SpatialDropout<T>::Geometry SpatialDropout3D<T>::geometry(const Tensor<T>& x) const {
  const bool last = options_.format == "NHWC";
  RINGDL_CHECK_LAYER(x.dim() == 5 || x.dim() == 4, "expected input of shape ",
                     last ? "[N, D, H, W, C] or [D, H, W, C]" : "[N, C, D, H, W] or [C, D, H, W]",
                     " (format ", options_.format, "), got ", ringdl::toString(x.shape()));
  const int64_t samples = x.dim() == 5 ? x.size(0) : 1;
  const int64_t channels = last ? x.size(-1) : x.size(x.dim() == 5 ? 1 : 0);
  return {samples * channels, x.numel() / (samples * channels), channels, last};
}

template class SpatialDropout3D<float>;
template class SpatialDropout3D<double>;

}  // namespace ringdl
