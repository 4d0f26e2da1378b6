// SpatialZeroPadding<T>: one overlap rectangle between input and output planes, copied in forward and back;
// without cropping, gradInput is a view of gradOutput.
#include "ringdl/nn/layers/shape/spatial_zero_padding.h"

#include <algorithm>

#include "../../detail/strided_copy.h"

namespace ringdl {

template <typename T>
typename SpatialZeroPadding<T>::Overlap SpatialZeroPadding<T>::overlap(const Tensor<T>& input) const {
  RINGDL_CHECK_LAYER(input.dim() == 3 || input.dim() == 4,
                     "expected input of shape [N, C, H, W] or [C, H, W], got ",
                     ringdl::toString(input.shape()));
  const int64_t hd = input.dim() - 2, wd = input.dim() - 1;
  const int64_t h = input.size(hd), w = input.size(wd);
  const auto& o = options_;
  Overlap r;
  r.outShape = input.shape();
  r.outShape[hd] = h + o.padTop + o.padBottom;
  r.outShape[wd] = w + o.padLeft + o.padRight;
  RINGDL_CHECK_LAYER(r.outShape[hd] > 0 && r.outShape[wd] > 0, "padding (left ", o.padLeft, ", right ",
                     o.padRight, ", top ", o.padTop, ", bottom ", o.padBottom, ") crops an input of shape ",
                     ringdl::toString(input.shape()), " to nothing");
  r.inY = std::max<int64_t>(0, -o.padTop), r.outY = std::max<int64_t>(0, o.padTop);
  r.inX = std::max<int64_t>(0, -o.padLeft), r.outX = std::max<int64_t>(0, o.padLeft);
  r.h = std::max<int64_t>(0, std::min(h - r.inY, r.outShape[hd] - r.outY));
  r.w = std::max<int64_t>(0, std::min(w - r.inX, r.outShape[wd] - r.outX));
  return r;
}

template <typename T>
void SpatialZeroPadding<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Overlap r = overlap(input);
  const int64_t hd = input.dim() - 2, wd = input.dim() - 1;
  out_.resize(r.outShape).zero();
  if (r.h > 0 && r.w > 0) {
    Tensor<T> dst = out_.narrow(hd, r.outY, r.h).narrow(wd, r.outX, r.w);
    detail::copyStrided(dst, input.narrow(hd, r.inY, r.h).narrow(wd, r.inX, r.w));
  }
  output = out_;
}

template <typename T>
void SpatialZeroPadding<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                            Tensor<T>& gradInput) {
  const Overlap r = overlap(input);
  const int64_t hd = input.dim() - 2, wd = input.dim() - 1;
  RINGDL_CHECK_LAYER(gradOutput.shape() == r.outShape, "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the output has ",
                     ringdl::toString(r.outShape));
  const Tensor<T> kept = gradOutput.narrow(hd, r.outY, r.h).narrow(wd, r.outX, r.w);
  if (kept.shape() == input.shape()) {  // nothing cropped: the gradient is a view
    gradInput = kept;
    return;
  }
  grad_.resize(input.shape()).zero();
  if (r.h > 0 && r.w > 0) {
    Tensor<T> dst = grad_.narrow(hd, r.inY, r.h).narrow(wd, r.inX, r.w);
    detail::copyStrided(dst, kept);
  }
  gradInput = grad_;
}

template class SpatialZeroPadding<float>;
template class SpatialZeroPadding<double>;

}  // namespace ringdl
