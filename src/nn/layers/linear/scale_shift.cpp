// ScaleShift<T>: every loop runs along the input's last (merged) dimension, contiguous in the input, with the
// parameters' offset advanced by their stride there (0 or 1 in practice); an odometer over the other
// dimensions gives each run's starting offsets.
#include "ringdl/nn/layers/linear/detail/scale_shift.h"

#include <utility>

namespace ringdl {

namespace {

/// Calls run(inputOffset, paramOffset, paramStep, length) for each run along the last dimension of b.
template <typename Broadcast, typename Run>
void forEachRun(const Broadcast& b, Run&& run) {
  const int64_t rank = static_cast<int64_t>(b.shape.size());
  if (rank == 0) {
    run(0, 0, 0, 1);
    return;
  }
  const int64_t length = b.shape[rank - 1], step = b.paramStride[rank - 1];
  int64_t runs = 1;
  for (int64_t d = 0; d + 1 < rank; ++d) runs *= b.shape[d];
  std::vector<int64_t> index(rank, 0);
  int64_t p = 0;
  for (int64_t r = 0; r < runs; ++r) {
    run(r * length, p, step, length);
    for (int64_t d = rank - 2; d >= 0; --d) {  // next index over the leading dimensions
      p += b.paramStride[d];
      if (++index[d] < b.shape[d]) break;
      p -= b.paramStride[d] * b.shape[d];
      index[d] = 0;
    }
  }
}

}  // namespace

template <typename T>
ScaleShift<T>::ScaleShift(std::string typeName, Shape paramShape, bool scale, bool shift)
    : TensorModule<T>(std::move(typeName)), scale_(scale), shift_(shift) {
  for (int64_t s : paramShape)
    RINGDL_CHECK(s > 0, this->typeName(), ": sizes must be positive, got ", toString(paramShape));
  if (scale_) {
    weight_ = Tensor<T>(paramShape);
    gradWeight_ = Tensor<T>(paramShape);
    this->registerParameter("weight", &weight_, &gradWeight_);
  }
  if (shift_) {
    bias_ = Tensor<T>(paramShape);
    gradBias_ = Tensor<T>(paramShape);
    this->registerParameter("bias", &bias_, &gradBias_);
  }
  reset();
}

template <typename T>
ScaleShift<T>& ScaleShift<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void ScaleShift<T>::reset() {
  // BigDL's CAdd, CMul, Add and Mul: U(+-1/sqrt(n)) for n elements; fanIn = n gives it.
  if (scale_) {
    weightInit_.apply(weight_, weight_.numel(), weight_.numel());
    gradWeight_.zero();
  }
  if (shift_) {
    biasInit_.apply(bias_, bias_.numel(), bias_.numel());
    gradBias_.zero();
  }
}

template <typename T>
typename ScaleShift<T>::Broadcast ScaleShift<T>::bySizeRule(const Tensor<T>& input, const Shape& size) const {
  int64_t n = 1;
  for (int64_t s : size) n *= s;
  if (input.numel() == n) return {{n}, {1}};
  const int64_t rank = input.dim(), lead = rank - static_cast<int64_t>(size.size());
  bool fits = lead == 0 || lead == 1;
  Broadcast b{input.shape(), std::vector<int64_t>(rank, 0)};
  int64_t stride = 1;
  for (int64_t d = rank - 1; fits && d >= lead; --d) {
    const int64_t s = size[d - lead];
    fits = s == input.size(d) || s == 1;
    b.paramStride[d] = s == 1 ? 0 : stride;
    stride *= s;
  }
  RINGDL_CHECK_LAYER(fits, "size ", toString(size), " does not fit input ", toString(input.shape()),
                     ": the input needs ", n,
                     " elements, or the size its rank (or one less, for a batch) with "
                     "every dimension 1 or the input's");
  return b;
}

template <typename T>
void ScaleShift<T>::checkGradOutput(const Tensor<T>& input, const Tensor<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput has shape ",
                     toString(gradOutput.shape()), ", expected the input's ", toString(input.shape()));
}

template <typename T>
void ScaleShift<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Broadcast b = broadcastOf(input);
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  const T* in = x.data();
  T* out = output.data();
  const T* w = scale_ ? weight_.data() : nullptr;
  const T* c = shift_ ? bias_.data() : nullptr;
  forEachRun(b, [&](int64_t o, int64_t p, int64_t step, int64_t n) {
    if (scale_ && shift_)
      for (int64_t i = 0; i < n; ++i) out[o + i] = in[o + i] * w[p + i * step] + c[p + i * step];
    else if (scale_)
      for (int64_t i = 0; i < n; ++i) out[o + i] = in[o + i] * w[p + i * step];
    else
      for (int64_t i = 0; i < n; ++i) out[o + i] = in[o + i] + c[p + i * step];
  });
}

template <typename T>
void ScaleShift<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                    Tensor<T>& gradInput) {
  checkGradOutput(input, gradOutput);
  const Broadcast b = broadcastOf(input);
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  if (!scale_) {
    gradInput.copyFrom(go);
    return;
  }
  const T* g = go.data();
  T* gi = gradInput.data();
  const T* w = weight_.data();
  forEachRun(b, [&](int64_t o, int64_t p, int64_t step, int64_t n) {
    for (int64_t i = 0; i < n; ++i) gi[o + i] = g[o + i] * w[p + i * step];
  });
}

template <typename T>
void ScaleShift<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  checkGradOutput(input, gradOutput);
  const Broadcast b = broadcastOf(input);
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  const T* in = x.data();
  const T* g = go.data();
  T* gw = scale_ ? gradWeight_.data() : nullptr;
  T* gc = shift_ ? gradBias_.data() : nullptr;
  forEachRun(b, [&](int64_t o, int64_t p, int64_t step, int64_t n) {
    if (step == 0) {  // one parameter for the whole run: sum first
      T sw = 0, sc = 0;
      for (int64_t i = 0; i < n; ++i) {
        sw += g[o + i] * in[o + i];
        sc += g[o + i];
      }
      if (scale_) gw[p] += sw;
      if (shift_) gc[p] += sc;
      return;
    }
    if (scale_)
      for (int64_t i = 0; i < n; ++i) gw[p + i * step] += g[o + i] * in[o + i];
    if (shift_)
      for (int64_t i = 0; i < n; ++i) gc[p + i * step] += g[o + i];
  });
}

template class ScaleShift<float>;
template class ScaleShift<double>;

}  // namespace ringdl
