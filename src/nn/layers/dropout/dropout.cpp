// Dropout<T>: the mask holds 0 or the survivor scale, so forward and backward are one multiply each. One
// uniform draw per element, in order, from the global generator: the mask depends only on its state.
#include "ringdl/nn/layers/dropout/dropout.h"

#include "ringdl/tensor/random.h"

namespace ringdl {

template <typename T>
Dropout<T>::Dropout(const DropoutOptions& options) : TensorModule<T>("Dropout"), options_(options) {
  setP(options.p);
}

template <typename T>
Dropout<T>& Dropout<T>::setP(double p) {
  // p = 1 would make the survivor scale 1/(1-p) infinite.
  RINGDL_CHECK(p >= 0 && p < 1, "Dropout probability must be in [0, 1), got ", p);
  options_.p = p;
  return *this;
}

namespace {
// In place only for contiguous tensors; a strided one gets a fresh buffer rather than a resize, because out
// may still view the storage of an earlier input or gradOutput.
template <typename T>
void bindOutput(bool inplace, const Tensor<T>& x, Tensor<T>& out) {
  if (inplace && x.isContiguous())
    out = x;
  else if (inplace || out.sharesStorageWith(x))
    out = Tensor<T>(x.shape());
  else
    out.resize(x.shape());
}
}  // namespace

template <typename T>
void Dropout<T>::scaleInto(const Tensor<T>& x, Tensor<T>& out, T factor) {
  const Tensor<T> xc = x.contiguous();
  bindOutput(options_.inplace, x, out);
  const T* in = xc.data();
  T* o = out.data();
  if (o == in && factor == T(1)) return;  // in place and the identity: nothing to write
  const int64_t n = x.numel();
  for (int64_t i = 0; i < n; ++i) o[i] = in[i] * factor;
}

template <typename T>
void Dropout<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  if (!this->isTraining()) {
    scaleInto(input, output, options_.scale ? T(1) : static_cast<T>(1 - options_.p));
    return;
  }
  const int64_t n = input.numel();
  noise_.resize(input.shape());
  T* mask = noise_.data();
  if (options_.p == 0) {
    // No draws, as in BigDL, so p = 0 leaves the generator untouched.
    for (int64_t i = 0; i < n; ++i) mask[i] = T(1);
  } else {
    Random& rng = Random::global();
    const double keep = 1 - options_.p;
    const T survivor = options_.scale ? static_cast<T>(1 / keep) : T(1);
    for (int64_t i = 0; i < n; ++i) mask[i] = rng.uniform() < keep ? survivor : T(0);
  }
  const Tensor<T> x = input.contiguous();
  bindOutput(options_.inplace, input, output);
  const T* in = x.data();
  T* out = output.data();
  for (int64_t i = 0; i < n; ++i) out[i] = in[i] * mask[i];
}

template <typename T>
void Dropout<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput shape ", toString(gradOutput.shape()),
                     " differs from input shape ", toString(input.shape()));
  if (!this->isTraining()) {
    scaleInto(gradOutput, gradInput, options_.scale ? T(1) : static_cast<T>(1 - options_.p));
    return;
  }
  RINGDL_CHECK_LAYER(noise_.shape() == input.shape(),
                     "backward in training mode needs a training forward of ",
                     "the same input first (mask shape ", toString(noise_.shape()), ", input shape ",
                     toString(input.shape()), ")");
  const Tensor<T> go = gradOutput.contiguous();
  bindOutput(options_.inplace, gradOutput, gradInput);
  const T* g = go.data();
  const T* mask = noise_.data();
  T* gi = gradInput.data();
  const int64_t n = input.numel();
  for (int64_t i = 0; i < n; ++i) gi[i] = g[i] * mask[i];
}

template class Dropout<float>;
template class Dropout<double>;

}  // namespace ringdl
