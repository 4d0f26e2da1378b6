// UpSampling1D<T>: [N, T, C] as the kernel's [outer N, T, 1, 1, inner C].
#include "ringdl/nn/layers/shape/up_sampling_1d.h"

#include "detail/nearest_layer.h"

namespace ringdl {

namespace {
template <typename T>
detail::NearestGeometry geometry(const Tensor<T>& x, int64_t length, const std::string& where) {
  RINGDL_CHECK(x.dim() == 3, where, ": expected input of shape [N, T, C], got ", toString(x.shape()));
  detail::NearestGeometry g;
  g.outer = x.size(0), g.inner = x.size(2), g.size[0] = x.size(1), g.factor[0] = length;
  return g;
}
}  // namespace

template <typename T>
UpSampling1D<T>::UpSampling1D(const UpSampling1DOptions& options)
    : TensorModule<T>("UpSampling1D"), options_(options) {
  RINGDL_CHECK(options.length >= 1, "UpSampling1D: length must be >= 1, got ", options.length);
}

template <typename T>
void UpSampling1D<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const auto g = geometry(input, options_.length, this->where());
  detail::nearestForward(input, g, detail::upsampledShape(input.shape(), g, {1, 0, 0}, 1), out_, output);
}

template <typename T>
void UpSampling1D<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                      Tensor<T>& gradInput) {
  const auto g = geometry(input, options_.length, this->where());
  detail::nearestBackward(input, gradOutput, g, detail::upsampledShape(input.shape(), g, {1, 0, 0}, 1),
                          this->where(), grad_, gradInput);
}

template class UpSampling1D<float>;
template class UpSampling1D<double>;

}  // namespace ringdl
