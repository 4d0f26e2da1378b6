// SpatialDropout2D<T>: NCHW keeps each map contiguous ([maps, positions]); NHWC has the channels innermost.
// An input of 3 dimensions is one sample.
#include "ringdl/nn/layers/dropout/spatial_dropout_2d.h"

namespace ringdl {

template <typename T>
SpatialDropout2D<T>::SpatialDropout2D(const SpatialDropout2DOptions& options)
    : SpatialDropout<T>("SpatialDropout2D", options.initP, options.scale), options_(options) {
  RINGDL_CHECK(options.format == "NCHW" || options.format == "NHWC",
               "SpatialDropout2D: format must be \"NCHW\" or \"NHWC\", got \"", options.format, "\"");
}

template <typename T>
typename SpatialDropout<T>::Geometry SpatialDropout2D<T>::geometry(const Tensor<T>& x) const {
  const bool last = options_.format == "NHWC";
  RINGDL_CHECK_LAYER(x.dim() == 4 || x.dim() == 3, "expected input of shape ",
                     last ? "[N, H, W, C] or [H, W, C]" : "[N, C, H, W] or [C, H, W]", " (format ",
                     options_.format, "), got ", ringdl::toString(x.shape()));
  const int64_t samples = x.dim() == 4 ? x.size(0) : 1;
  const int64_t channels = last ? x.size(-1) : x.size(x.dim() == 4 ? 1 : 0);
  return {samples * channels, x.numel() / (samples * channels), channels, last};
}

template class SpatialDropout2D<float>;
template class SpatialDropout2D<double>;

}  // namespace ringdl
