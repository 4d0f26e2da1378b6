// TemporalMaxPooling<T>: each output frame starts as the window's first frame and takes the larger of each
// later frame, feature by feature, so the inner loop runs over contiguous features.
#include "ringdl/nn/layers/pooling/temporal_max_pooling.h"

namespace ringdl {

template <typename T>
TemporalMaxPooling<T>::TemporalMaxPooling(const TemporalMaxPoolingOptions& options)
    : TensorModule<T>("TemporalMaxPooling"),
      options_(options),
      stride_(options.dW == -1 ? options.kW : options.dW) {
  RINGDL_CHECK(options_.kW > 0 && stride_ > 0,
               "TemporalMaxPooling needs a positive window and stride (dW = -1: kW), ",
               "got kW=", options_.kW, " dW=", options_.dW);
}

template <typename T>
void TemporalMaxPooling<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Shape& shape = input.shape();
  const size_t d = shape.size();
  RINGDL_CHECK_LAYER(d == 2 || d == 3, "expected input of shape [N, T, F] or [T, F], got ", toString(shape));
  const int64_t batch = d == 3 ? shape[0] : 1, frames = shape[d - 2], features = shape[d - 1];
  RINGDL_CHECK_LAYER(frames >= options_.kW, "the input has ", frames, " frames (dimension ", d - 2, " of ",
                     toString(shape), "), fewer than the window kW=", options_.kW);
  RINGDL_CHECK_LAYER(frames < (int64_t{1} << 31), "sequences of ", frames,
                     " frames are too long (at most 2^31)");
  const int64_t outFrames = (frames - options_.kW) / stride_ + 1;
  forwardShape_ = shape;
  Shape outShape = shape;
  outShape[d - 2] = outFrames;
  output.resize(outShape);
  argmax_.resize(static_cast<size_t>(batch * outFrames * features));
  const Tensor<T> x = input.contiguous();
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t o = 0; o < outFrames; ++o) {
      const int64_t first = o * stride_;
      const T* in = x.data() + (b * frames + first) * features;
      T* out = output.data() + (b * outFrames + o) * features;
      int32_t* arg = argmax_.data() + (b * outFrames + o) * features;
      for (int64_t f = 0; f < features; ++f) {
        out[f] = in[f];
        arg[f] = static_cast<int32_t>(first);
      }
      for (int64_t k = 1; k < options_.kW; ++k) {
        const T* row = in + k * features;
        const int32_t frame = static_cast<int32_t>(first + k);
        for (int64_t f = 0; f < features; ++f) {
          // A later frame wins if larger or NaN (PyTorch's rule: a NaN propagates, the last one wins).
          const bool take = row[f] > out[f] || row[f] != row[f];
          out[f] = take ? row[f] : out[f];
          arg[f] = take ? frame : arg[f];
        }
      }
    }
}

template <typename T>
void TemporalMaxPooling<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                            Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(input.shape() == forwardShape_,
                     "backward needs the input of the last forward, of shape ", toString(forwardShape_),
                     ", got ", toString(input.shape()));
  const Shape& outShape = this->outputTensor().shape();
  RINGDL_CHECK_LAYER(gradOutput.shape() == outShape, "expected gradOutput of shape ", toString(outShape),
                     ", got ", toString(gradOutput.shape()));
  const size_t d = outShape.size();
  const int64_t batch = d == 3 ? outShape[0] : 1, outFrames = outShape[d - 2], features = outShape[d - 1];
  const int64_t frames = forwardShape_[d - 2];
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  gradInput.zero();
  for (int64_t b = 0; b < batch; ++b) {
    T* gi = gradInput.data() + b * frames * features;
    for (int64_t o = 0; o < outFrames; ++o) {
      const T* g = go.data() + (b * outFrames + o) * features;
      const int32_t* arg = argmax_.data() + (b * outFrames + o) * features;
      for (int64_t f = 0; f < features; ++f) gi[arg[f] * features + f] += g[f];
    }
  }
}

template class TemporalMaxPooling<float>;
template class TemporalMaxPooling<double>;

}  // namespace ringdl
