// LayerNormalization<T>: one contiguous run of hiddenSize values per vector; its mean and variance (two
// passes) and the backward's two sums accumulated in double.
#include "ringdl/nn/layers/normalization/layer_normalization.h"

#include <cmath>

namespace ringdl {

template <typename T>
LayerNormalization<T>::LayerNormalization(const LayerNormalizationOptions& options)
    : TensorModule<T>("LayerNormalization"), options_(options) {
  RINGDL_CHECK(options_.hiddenSize > 0,
               "LayerNormalization: hiddenSize (the size of the last dimension) must be ", "positive, got ",
               options_.hiddenSize);
  RINGDL_CHECK(options_.eps >= 0, "LayerNormalization: eps must be >= 0, got ", options_.eps);
  const int64_t h = options_.hiddenSize;
  weight_ = Tensor<T>({h});
  bias_ = Tensor<T>({h});
  gradWeight_ = Tensor<T>({h});
  gradBias_ = Tensor<T>({h});
  this->registerParameter("weight", &weight_, &gradWeight_);
  this->registerParameter("bias", &bias_, &gradBias_);
  reset();
}

template <typename T>
void LayerNormalization<T>::reset() {
  weight_.fill(T(1));
  bias_.zero();
}

template <typename T>
int64_t LayerNormalization<T>::rowsOf(const Tensor<T>& input) const {
  RINGDL_CHECK_LAYER(input.dim() >= 1 && input.size(input.dim() - 1) == options_.hiddenSize,
                     "expected input of shape [..., ", options_.hiddenSize,
                     "] (the last dimension hiddenSize), got ", ringdl::toString(input.shape()));
  return input.numel() / options_.hiddenSize;
}

template <typename T>
void LayerNormalization<T>::checkGradOutput(const Tensor<T>& input, const Tensor<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput shape ",
                     ringdl::toString(gradOutput.shape()), " must equal the input shape ",
                     ringdl::toString(input.shape()));
  RINGDL_CHECK_LAYER(static_cast<int64_t>(mean_.size()) == rowsOf(input),
                     "backward must follow a forward of the same input");
}

template <typename T>
void LayerNormalization<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t rows = rowsOf(input), h = options_.hiddenSize;
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  mean_.resize(rows);
  invStd_.resize(rows);
  const T* w = weight_.data();
  const T* b = bias_.data();
  for (int64_t r = 0; r < rows; ++r) {
    const T* in = x.data() + r * h;
    T* out = output.data() + r * h;
    double sum = 0;
    for (int64_t i = 0; i < h; ++i) sum += in[i];
    const double mean = sum / h;
    double sq = 0;  // around the mean: no cancellation for inputs far from 0
    for (int64_t i = 0; i < h; ++i) sq += (in[i] - mean) * (in[i] - mean);
    const double invStd = 1.0 / std::sqrt(sq / h + options_.eps);
    mean_[r] = mean;
    invStd_[r] = invStd;
    for (int64_t i = 0; i < h; ++i) out[i] = static_cast<T>((in[i] - mean) * invStd * w[i] + b[i]);
  }
}

template <typename T>
void LayerNormalization<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                            Tensor<T>& gradInput) {
  checkGradOutput(input, gradOutput);
  const int64_t rows = rowsOf(input), h = options_.hiddenSize;
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  gradInput.resize(x.shape());
  const T* w = weight_.data();
  for (int64_t r = 0; r < rows; ++r) {
    const T* in = x.data() + r * h;
    const T* g = go.data() + r * h;
    T* gi = gradInput.data() + r * h;
    const double mean = mean_[r], invStd = invStd_[r];
    // With gw = g w and xhat = (x - mean) invStd: gx = invStd (gw - mean(gw) - xhat mean(gw xhat)).
    double sumGw = 0, sumGwXhat = 0;
    for (int64_t i = 0; i < h; ++i) {
      const double gw = static_cast<double>(g[i]) * w[i];
      sumGw += gw;
      sumGwXhat += gw * (in[i] - mean) * invStd;
    }
    const double meanGw = sumGw / h, meanGwXhat = sumGwXhat / h;
    for (int64_t i = 0; i < h; ++i) {
      const double xhat = (in[i] - mean) * invStd;
      gi[i] = static_cast<T>(invStd * (static_cast<double>(g[i]) * w[i] - meanGw - xhat * meanGwXhat));
    }
  }
}

template <typename T>
void LayerNormalization<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  checkGradOutput(input, gradOutput);
  const int64_t rows = rowsOf(input), h = options_.hiddenSize;
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  // Per position of the last dimension, sums over the vectors: accumulated row by row in double.
  std::vector<double> gw(h, 0.0), gb(h, 0.0);
  for (int64_t r = 0; r < rows; ++r) {
    const T* in = x.data() + r * h;
    const T* g = go.data() + r * h;
    const double mean = mean_[r], invStd = invStd_[r];
    for (int64_t i = 0; i < h; ++i) {
      gw[i] += static_cast<double>(g[i]) * (in[i] - mean) * invStd;
      gb[i] += g[i];
    }
  }
  for (int64_t i = 0; i < h; ++i) {
    gradWeight_.data()[i] += static_cast<T>(gw[i]);
    gradBias_.data()[i] += static_cast<T>(gb[i]);
  }
}

template class LayerNormalization<float>;
template class LayerNormalization<double>;

}  // namespace ringdl
