// BatchNormalization<T>: per channel, loops over [batch, inner] runs (contiguous for NCHW), statistics and
// gradient sums accumulated in double.
#include "ringdl/nn/layers/normalization/batch_normalization.h"

#include <cmath>

#include "../../detail/channel_sums.h"

namespace ringdl {

template <typename T>
BatchNormalization<T>::BatchNormalization(const char* typeName, int64_t rank,
                                          const BatchNormalizationOptions& options)
    : TensorModule<T>(typeName), options_(options), rank_(rank) {
  RINGDL_CHECK(options_.nOutput > 0, typeName, ": nOutput (the number of channels) must be positive, got ",
               options_.nOutput);
  RINGDL_CHECK(options_.eps >= 0, typeName, ": eps must be >= 0, got ", options_.eps);
  RINGDL_CHECK(options_.momentum >= 0 && options_.momentum <= 1, typeName,
               ": momentum must be in [0, 1], got ", options_.momentum);
  const int64_t c = options_.nOutput;
  if (options_.affine) {
    weight_ = Tensor<T>({c});
    bias_ = Tensor<T>({c});
    gradWeight_ = Tensor<T>({c});
    gradBias_ = Tensor<T>({c});
    this->registerParameter("weight", &weight_, &gradWeight_);
    this->registerParameter("bias", &bias_, &gradBias_);
  }
  runningMean_ = Tensor<T>({c});
  runningVar_ = Tensor<T>({c});
  this->registerBuffer("runningMean", &runningMean_);
  this->registerBuffer("runningVar", &runningVar_);
  reset();
}

template <typename T>
void BatchNormalization<T>::reset() {
  if (options_.affine) {
    weight_.fill(T(1));
    bias_.zero();
  }
  runningMean_.zero();
  runningVar_.fill(T(1));
}

template <typename T>
typename BatchNormalization<T>::Geometry BatchNormalization<T>::geometryOf(const Tensor<T>& input) const {
  const int64_t c = options_.nOutput;
  RINGDL_CHECK_LAYER(input.dim() == rank_ && input.size(1) == c, "expected input of shape ",
                     rank_ == 2 ? "[N, " + std::to_string(c) + "]" : "[N, " + std::to_string(c) + ", H, W]",
                     ", got ", toString(input.shape()));
  Geometry g;
  g.batch = input.size(0);
  for (int64_t d = 2; d < input.dim(); ++d) g.inner *= input.size(d);
  return g;
}

template <typename T>
void BatchNormalization<T>::batchStatisticsOf(const T* in, const Geometry& g) {
  const int64_t c = options_.nOutput, inner = g.inner, block = c * inner;
  if (crossRank_ != nullptr) crossRank_->beginStep(*this, /*backward=*/false);
  // Sums per channel and the count, then squares around the mean: over every rank when synchronised (two
  // collective calls, the same on every rank).
  std::vector<double> sums(c + 1, 0.0);
  for (int64_t ch = 0; ch < c; ++ch) {
    double sum = 0;
    for (int64_t n = 0; n < g.batch; ++n) sum += detail::sumOfRun(in + n * block + ch * inner, inner);
    sums[ch] = sum;
  }
  sums[c] = static_cast<double>(g.batch * inner);
  if (crossRank_ != nullptr) crossRank_->sum(sums.data(), c + 1);
  count_ = sums[c];
  RINGDL_CHECK_LAYER(count_ > 1, "training needs more than one value per channel to normalise with, got ",
                     g.batch, " sample(s) of ", inner,
                     crossRank_ != nullptr ? " value(s) over all ranks" : " value(s)",
                     " (use evaluate() for single values)");
  mean_.assign(c, 0.0);
  invStd_.assign(c, 0.0);
  for (int64_t ch = 0; ch < c; ++ch) mean_[ch] = sums[ch] / count_;
  std::vector<double> squares(c, 0.0);  // two passes: no cancellation for inputs far from 0
  for (int64_t ch = 0; ch < c; ++ch) {
    double sq = 0;
    for (int64_t n = 0; n < g.batch; ++n)
      sq += detail::squaredDeviationOfRun(in + n * block + ch * inner, inner, mean_[ch]);
    squares[ch] = sq;
  }
  if (crossRank_ != nullptr) crossRank_->sum(squares.data(), c);
  const double m = options_.momentum;
  for (int64_t ch = 0; ch < c; ++ch) {
    invStd_[ch] = 1.0 / std::sqrt(squares[ch] / count_ + options_.eps);
    runningMean_.data()[ch] = static_cast<T>((1 - m) * runningMean_.data()[ch] + m * mean_[ch]);
    runningVar_.data()[ch] =
        static_cast<T>((1 - m) * runningVar_.data()[ch] + m * squares[ch] / (count_ - 1));
  }
}

template <typename T>
void BatchNormalization<T>::idleForward() {
  batchStatisticsOf(nullptr, Geometry{0, 1});
  batchStatistics_ = true;
}

template <typename T>
void BatchNormalization<T>::idleBackward() {
  if (crossRank_ == nullptr) return;
  crossRank_->beginStep(*this, /*backward=*/true);
  std::vector<double> zeros(2 * options_.nOutput, 0.0);
  crossRank_->sumGradients(zeros.data(), 2 * options_.nOutput);
}

template <typename T>
void BatchNormalization<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Geometry g = geometryOf(input);
  const int64_t c = options_.nOutput, inner = g.inner, block = c * inner;
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  batchStatistics_ = this->isTraining();
  const T* in = x.data();
  if (batchStatistics_) {
    batchStatisticsOf(in, g);
  } else {
    count_ = static_cast<double>(g.batch * inner);
    mean_.assign(c, 0.0);
    invStd_.assign(c, 0.0);
    for (int64_t ch = 0; ch < c; ++ch) {
      mean_[ch] = runningMean_.data()[ch];
      invStd_[ch] = 1.0 / std::sqrt(static_cast<double>(runningVar_.data()[ch]) + options_.eps);
    }
  }
  // y = (x - mean) scale + b per channel, in double: x - mean in T would cancel for inputs far from 0.
  T* out = output.data();
  for (int64_t ch = 0; ch < c; ++ch) {
    const double w = options_.affine ? static_cast<double>(weight_.data()[ch]) : 1.0;
    const double b = options_.affine ? static_cast<double>(bias_.data()[ch]) : 0.0;
    const double scale = w * invStd_[ch], mean = mean_[ch];
    for (int64_t n = 0; n < g.batch; ++n) {
      const T* run = in + n * block + ch * inner;
      T* o = out + n * block + ch * inner;
      for (int64_t i = 0; i < inner; ++i) o[i] = static_cast<T>((run[i] - mean) * scale + b);
    }
  }
  gradSumsFresh_ = false;
}

template <typename T>
void BatchNormalization<T>::computeGradSums(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput shape ", toString(gradOutput.shape()),
                     " must equal the input shape ", toString(input.shape()));
  RINGDL_CHECK_LAYER(static_cast<int64_t>(mean_.size()) == options_.nOutput,
                     "backward must follow a forward of the same input");
  const Geometry g = geometryOf(input);
  const int64_t c = options_.nOutput, inner = g.inner, block = c * inner;
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  gradSums_.assign(2 * c, 0.0);
  for (int64_t ch = 0; ch < c; ++ch) {
    double sg = 0, sgx = 0;
    for (int64_t n = 0; n < g.batch; ++n)
      detail::gradientSumsOfRun(go.data() + n * block + ch * inner, x.data() + n * block + ch * inner, inner,
                                mean_[ch], sg, sgx);
    gradSums_[ch] = sg;
    gradSums_[c + ch] = sgx * invStd_[ch];  // sum(g * xhat)
  }
  gradSumsFresh_ = true;
}

template <typename T>
void BatchNormalization<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                            Tensor<T>& gradInput) {
  computeGradSums(input, gradOutput);
  const Geometry g = geometryOf(input);
  const int64_t c = options_.nOutput, inner = g.inner, block = c * inner;
  const double count = count_;
  // The whole batch's sums when synchronised (the parameter gradients keep this rank's: the engine sums
  // those).
  std::vector<double> sums = gradSums_;
  if (crossRank_ != nullptr && batchStatistics_) {
    crossRank_->beginStep(*this, /*backward=*/true);
    crossRank_->sumGradients(sums.data(), 2 * c);
  }
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  gradInput.resize(x.shape());
  for (int64_t ch = 0; ch < c; ++ch) {
    const double w = options_.affine ? static_cast<double>(weight_.data()[ch]) : 1.0;
    const double k = w * invStd_[ch];
    // Training: gx = w invstd (g - mean(g) - xhat mean(g xhat)); evaluate: the statistics are constants.
    const double meanG = batchStatistics_ ? sums[ch] / count : 0.0;
    const double meanGx = batchStatistics_ ? sums[c + ch] / count : 0.0;
    // gx = k g - k meanG - k meanGx xhat, xhat = (x - mean) invstd; in double, as forward.
    const double xCoef = -k * meanGx * invStd_[ch], mean = mean_[ch], shift = -k * meanG;
    for (int64_t n = 0; n < g.batch; ++n) {
      const T* xr = x.data() + n * block + ch * inner;
      const T* gr = go.data() + n * block + ch * inner;
      T* gi = gradInput.data() + n * block + ch * inner;
      for (int64_t i = 0; i < inner; ++i) gi[i] = static_cast<T>(k * gr[i] + xCoef * (xr[i] - mean) + shift);
    }
  }
}

template <typename T>
void BatchNormalization<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  if (!options_.affine) return;
  if (!gradSumsFresh_) computeGradSums(input, gradOutput);
  const int64_t c = options_.nOutput;
  for (int64_t ch = 0; ch < c; ++ch) {
    gradWeight_.data()[ch] += static_cast<T>(gradSums_[c + ch]);
    gradBias_.data()[ch] += static_cast<T>(gradSums_[ch]);
  }
  gradSumsFresh_ = false;
}

template <typename T>
bool BatchNormalization<T>::channelAffine(Tensor<T>& scale, Tensor<T>& shift) const {
  if (rank_ != 4 || this->isTraining()) return false;
  const int64_t c = options_.nOutput;
  scale = Tensor<T>({c});
  shift = Tensor<T>({c});
  for (int64_t ch = 0; ch < c; ++ch) {
    double s = 1.0 / std::sqrt(static_cast<double>(runningVar_.data()[ch]) + options_.eps);
    double b = 0;
    if (options_.affine) {
      s *= static_cast<double>(weight_.data()[ch]);
      b = static_cast<double>(bias_.data()[ch]);
    }
    scale.data()[ch] = static_cast<T>(s);
    shift.data()[ch] = static_cast<T>(b - static_cast<double>(runningMean_.data()[ch]) * s);
  }
  return true;
}

template class BatchNormalization<float>;
template class BatchNormalization<double>;

}  // namespace ringdl
