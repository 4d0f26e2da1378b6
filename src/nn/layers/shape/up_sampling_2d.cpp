// UpSampling2D<T>: NCHW as the kernel's [outer N*C, H, W, 1, inner 1], NHWC as [outer N, H, W, 1, inner C].
#include "ringdl/nn/layers/shape/up_sampling_2d.h"

#include "detail/nearest_layer.h"

namespace ringdl {

namespace {
template <typename T>
detail::NearestGeometry geometry(const Tensor<T>& x, const UpSampling2DOptions& o, const std::string& where) {
  const bool nchw = o.format == "NCHW";
  RINGDL_CHECK(x.dim() == 4, where, ": expected input of shape ", nchw ? "[N, C, H, W]" : "[N, H, W, C]",
               " (format ", o.format, "), got ", toString(x.shape()));
  detail::NearestGeometry g;
  g.outer = nchw ? x.size(0) * x.size(1) : x.size(0);
  g.inner = nchw ? 1 : x.size(3);
  g.size[0] = x.size(nchw ? 2 : 1), g.size[1] = x.size(nchw ? 3 : 2);
  g.factor[0] = o.size[0], g.factor[1] = o.size[1];
  return g;
}
}  // namespace

template <typename T>
UpSampling2D<T>::UpSampling2D(const UpSampling2DOptions& options)
    : TensorModule<T>("UpSampling2D"), options_(options) {
  RINGDL_CHECK(options.size.size() == 2 && options.size[0] >= 1 && options.size[1] >= 1,
               "UpSampling2D: size must be two factors >= 1 (rows, columns), got ", toString(options.size));
  RINGDL_CHECK(options.format == "NCHW" || options.format == "NHWC",
               "UpSampling2D: format must be \"NCHW\" or \"NHWC\", got \"", options.format, "\"");
}

template <typename T>
void UpSampling2D<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const auto g = geometry(input, options_, this->where());
  const int64_t h = options_.format == "NCHW" ? 2 : 1;
  detail::nearestForward(input, g, detail::upsampledShape(input.shape(), g, {h, h + 1, 0}, 2), out_, output);
}

template <typename T>
void UpSampling2D<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                      Tensor<T>& gradInput) {
  const auto g = geometry(input, options_, this->where());
  const int64_t h = options_.format == "NCHW" ? 2 : 1;
  detail::nearestBackward(input, gradOutput, g, detail::upsampledShape(input.shape(), g, {h, h + 1, 0}, 2),
                          this->where(), grad_, gradInput);
}

template class UpSampling2D<float>;
template class UpSampling2D<double>;

}  // namespace ringdl
