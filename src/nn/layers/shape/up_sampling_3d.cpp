// UpSampling3D<T>: [N, C, D, H, W] as the kernel's [outer N*C, D, H, W, inner 1].
#include "ringdl/nn/layers/shape/up_sampling_3d.h"

#include "detail/nearest_layer.h"

namespace ringdl {

namespace {
template <typename T>
detail::NearestGeometry geometry(const Tensor<T>& x, const std::vector<int64_t>& size,
                                 const std::string& where) {
  RINGDL_CHECK(x.dim() == 5, where, ": expected input of shape [N, C, D, H, W], got ", toString(x.shape()));
  detail::NearestGeometry g;
  g.outer = x.size(0) * x.size(1);
  for (int k = 0; k < 3; ++k) g.size[k] = x.size(2 + k), g.factor[k] = size[k];
  return g;
}
}  // namespace

template <typename T>
UpSampling3D<T>::UpSampling3D(const UpSampling3DOptions& options)
    : TensorModule<T>("UpSampling3D"), options_(options) {
  RINGDL_CHECK(
      options.size.size() == 3 && options.size[0] >= 1 && options.size[1] >= 1 && options.size[2] >= 1,
      "UpSampling3D: size must be three factors >= 1 (depth, rows, columns), got ", toString(options.size));
}

template <typename T>
void UpSampling3D<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const auto g = geometry(input, options_.size, this->where());
  detail::nearestForward(input, g, detail::upsampledShape(input.shape(), g, {2, 3, 4}, 3), out_, output);
}

template <typename T>
void UpSampling3D<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                      Tensor<T>& gradInput) {
  const auto g = geometry(input, options_.size, this->where());
  detail::nearestBackward(input, gradOutput, g, detail::upsampledShape(input.shape(), g, {2, 3, 4}, 3),
                          this->where(), grad_, gradInput);
}

template class UpSampling3D<float>;
template class UpSampling3D<double>;

}  // namespace ringdl
