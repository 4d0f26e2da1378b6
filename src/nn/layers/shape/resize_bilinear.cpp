// ResizeBilinear<T>: the taps of each output row and column are computed once per call, then every plane is
// interpolated (and, backward, its gradient spread to the four inputs each output read).
#include "ringdl/nn/layers/shape/resize_bilinear.h"

#include <algorithm>

namespace ringdl {

template <typename T>
ResizeBilinear<T>::ResizeBilinear(const ResizeBilinearOptions& options)
    : TensorModule<T>("ResizeBilinear"), options_(options) {
  RINGDL_CHECK(options.outputHeight > 0 && options.outputWidth > 0,
               "ResizeBilinear: outputHeight and outputWidth must be positive, got ", options.outputHeight,
               " and ", options.outputWidth);
}

template <typename T>
std::vector<typename ResizeBilinear<T>::Tap> ResizeBilinear<T>::taps(int64_t in, int64_t out) const {
  const double scale = options_.alignCorners && out > 1
                           ? static_cast<double>(in - 1) / static_cast<double>(out - 1)
                           : static_cast<double>(in) / static_cast<double>(out);
  std::vector<Tap> t(out);
  for (int64_t i = 0; i < out; ++i) {
    const double src = static_cast<double>(i) * scale;
    const int64_t lo = std::min(static_cast<int64_t>(src), in - 1);
    t[i] = {lo, std::min(lo + 1, in - 1), src - static_cast<double>(lo)};
  }
  return t;
}

template <typename T>
void ResizeBilinear<T>::checkInput(const Tensor<T>& input) const {
  RINGDL_CHECK_LAYER(input.dim() == 4, "expected input of shape [N, C, H, W], got ",
                     ringdl::toString(input.shape()));
}

template <typename T>
void ResizeBilinear<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  checkInput(input);
  const int64_t planes = input.size(0) * input.size(1), h = input.size(2), w = input.size(3);
  const int64_t oh = options_.outputHeight, ow = options_.outputWidth;
  const auto ty = taps(h, oh), tx = taps(w, ow);
  const Tensor<T> x = input.contiguous();
  out_.resize({input.size(0), input.size(1), oh, ow});
  for (int64_t p = 0; p < planes; ++p) {
    const T* in = x.data() + p * h * w;
    T* out = out_.data() + p * oh * ow;
    for (int64_t i = 0; i < oh; ++i) {
      const T* top = in + ty[i].lo * w;
      const T* bottom = in + ty[i].hi * w;
      const T fy = static_cast<T>(ty[i].frac);
      for (int64_t j = 0; j < ow; ++j) {
        const T fx = static_cast<T>(tx[j].frac);
        const T t = top[tx[j].lo] + (top[tx[j].hi] - top[tx[j].lo]) * fx;
        const T b = bottom[tx[j].lo] + (bottom[tx[j].hi] - bottom[tx[j].lo]) * fx;
        out[i * ow + j] = t + (b - t) * fy;
      }
    }
  }
  output = out_;
}

template <typename T>
void ResizeBilinear<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                        Tensor<T>& gradInput) {
  checkInput(input);
  const int64_t planes = input.size(0) * input.size(1), h = input.size(2), w = input.size(3);
  const int64_t oh = options_.outputHeight, ow = options_.outputWidth;
  const Shape outShape{input.size(0), input.size(1), oh, ow};
  RINGDL_CHECK_LAYER(gradOutput.shape() == outShape, "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the output has ",
                     ringdl::toString(outShape));
  const auto ty = taps(h, oh), tx = taps(w, ow);
  const Tensor<T> gy = gradOutput.contiguous();
  grad_.resize(input.shape()).zero();
  for (int64_t p = 0; p < planes; ++p) {
    T* g = grad_.data() + p * h * w;
    const T* go = gy.data() + p * oh * ow;
    for (int64_t i = 0; i < oh; ++i) {
      T* top = g + ty[i].lo * w;
      T* bottom = g + ty[i].hi * w;
      const T fy = static_cast<T>(ty[i].frac);
      for (int64_t j = 0; j < ow; ++j) {
        const T fx = static_cast<T>(tx[j].frac), v = go[i * ow + j];
        top[tx[j].lo] += v * (1 - fy) * (1 - fx);
        top[tx[j].hi] += v * (1 - fy) * fx;
        bottom[tx[j].lo] += v * fy * (1 - fx);
        bottom[tx[j].hi] += v * fy * fx;
      }
    }
  }
  gradInput = grad_;
}

template class ResizeBilinear<float>;
template class ResizeBilinear<double>;

}  // namespace ringdl
