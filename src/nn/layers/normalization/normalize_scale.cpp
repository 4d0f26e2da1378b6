// NormalizeScale<T>: Normalize's kernels on contiguous [outer, channels, inner] data with the channel's
// weight fixed along each inner run. Unlike BigDL's, whose backward scales the gradient after Normalize's
// backward and takes the weight's gradient against the raw input, both gradients here are the exact ones
// (they agree with BigDL's while every weight is equal, as at the start).
#include "ringdl/nn/layers/normalization/normalize_scale.h"

namespace ringdl {

namespace {
LpNormalizeOptions normalizeOptionsOf(const NormalizeScaleOptions& o) {
  int64_t notOne = 0;
  for (int64_t s : o.size) {
    RINGDL_CHECK(s >= 1, "NormalizeScale: size (the weight's shape) must have positive entries, got ",
                 toString(o.size));
    notOne += s != 1;
  }
  RINGDL_CHECK(!o.size.empty() && notOne <= 1,
               "NormalizeScale: size (the weight's shape) must be C values, one "
               "per channel, with every other entry 1 ([C], [1, C, 1, 1], ...), or one value; got ",
               toString(o.size));
  return LpNormalizeOptions{o.p, o.eps};
}
}  // namespace

template <typename T>
NormalizeScale<T>::NormalizeScale(const NormalizeScaleOptions& options)
    : LpNormalize<T>("NormalizeScale", normalizeOptionsOf(options)), options_(options) {
  weight_ = Tensor<T>(Shape(options_.size));
  gradWeight_ = Tensor<T>(Shape(options_.size));
  this->registerParameter("weight", &weight_, &gradWeight_);
  reset();
}

template <typename T>
void NormalizeScale<T>::reset() {
  weight_.fill(static_cast<T>(options_.scale));
}

template <typename T>
typename NormalizeScale<T>::Geometry NormalizeScale<T>::checkedGeometry(const Tensor<T>& input) const {
  const Geometry g = this->geometryOf(input);
  const int64_t count = numelOf(options_.size);
  RINGDL_CHECK_LAYER(count == 1 || count == g.channels, "its weight of shape ",
                     ringdl::toString(weight_.shape()), " holds ", count, " channel scales, but the input ",
                     ringdl::toString(input.shape()), " has ", g.channels, " channels (in dimension ",
                     input.dim() == 1 ? 0 : 1, ")");
  return g;
}

template <typename T>
void NormalizeScale<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Geometry g = checkedGeometry(input);
  const Tensor<T> x = input.contiguous();
  normalized_.resize(x.shape());
  output.resize(x.shape());
  this->normalizeForward(x.data(), normalized_.data(), g);
  const bool shared = weight_.numel() == 1;
  const T* w = weight_.data();
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t c = 0; c < g.channels; ++c) {
      const int64_t base = (o * g.channels + c) * g.inner;
      const T wc = w[shared ? 0 : c];
      const T* in = normalized_.data() + base;
      T* out = output.data() + base;
      for (int64_t i = 0; i < g.inner; ++i) out[i] = wc * in[i];
    }
}

template <typename T>
void NormalizeScale<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                        Tensor<T>& gradInput) {
  this->checkGradOutput(input, gradOutput);
  const Geometry g = checkedGeometry(input);
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  // y = w xhat: Normalize's backward of w gy.
  scaledGrad_.resize(x.shape());
  const bool shared = weight_.numel() == 1;
  const T* w = weight_.data();
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t c = 0; c < g.channels; ++c) {
      const int64_t base = (o * g.channels + c) * g.inner;
      const T wc = w[shared ? 0 : c];
      const T* gr = go.data() + base;
      T* sg = scaledGrad_.data() + base;
      for (int64_t i = 0; i < g.inner; ++i) sg[i] = wc * gr[i];
    }
  gradInput.resize(x.shape());
  this->normalizeBackward(x.data(), scaledGrad_.data(), gradInput.data(), g);
}

template <typename T>
void NormalizeScale<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  this->checkGradOutput(input, gradOutput);
  const Geometry g = checkedGeometry(input);
  RINGDL_CHECK_LAYER(normalized_.shape() == input.shape(),
                     "backward must follow a forward of the same input");
  const Tensor<T> go = gradOutput.contiguous();
  // dL/dw_c = sum over the channel's values of gy xhat, in double.
  std::vector<double> sums(g.channels, 0.0);
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t c = 0; c < g.channels; ++c) {
      const int64_t base = (o * g.channels + c) * g.inner;
      const T* gr = go.data() + base;
      const T* xh = normalized_.data() + base;
      double s = 0;
      for (int64_t i = 0; i < g.inner; ++i) s += static_cast<double>(gr[i]) * xh[i];
      sums[c] += s;
    }
  T* gw = gradWeight_.data();
  if (weight_.numel() == 1) {
    double total = 0;
    for (double s : sums) total += s;
    gw[0] += static_cast<T>(total);
  } else {
    for (int64_t c = 0; c < g.channels; ++c) gw[c] += static_cast<T>(sums[c]);
  }
}

template class NormalizeScale<float>;
template class NormalizeScale<double>;

}  // namespace ringdl
