// SoftMax<T>: forward through the shared max-subtracted kernel; backward from the output alone,
// dx = y * (dy - sum_c(dy * y)).
#include "ringdl/nn/layers/activation/soft_max.h"

#include <algorithm>
#include <vector>

#include "../../detail/soft_max_kernel.h"

namespace ringdl {

template <typename T>
void SoftMax<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t d = detail::softMaxDim(input.dim());
  RINGDL_CHECK_LAYER(d >= 0, "expected input of shape [C], [N, C], [C, H, W] or [N, C, H, W], got ",
                     toString(input.shape()));
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  Tensor<T> unused;  // the non-log kernel writes exponentials straight into output
  detail::softMaxForward(x.data(), output.data(), detail::softMaxGeometry(x.shape(), d), /*log=*/false,
                         unused);
}

template <typename T>
void SoftMax<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  const Tensor<T>& y = this->outputTensor();
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape() && y.shape() == input.shape(), "gradOutput shape ",
                     toString(gradOutput.shape()), " and output shape ", toString(y.shape()),
                     " must equal input shape ", toString(input.shape()));
  const detail::SoftMaxGeometry g = detail::softMaxGeometry(input.shape(), detail::softMaxDim(input.dim()));
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  std::vector<T> dots(g.inner);
  for (int64_t o = 0; o < g.outer; ++o) {
    const int64_t base = o * g.dim * g.inner;
    const T* yo = y.data() + base;
    const T* gro = go.data() + base;
    T* gio = gradInput.data() + base;
    if (g.inner == 1) {  // a local accumulator, which the compiler keeps in a register
      T dot = T(0);
      for (int64_t c = 0; c < g.dim; ++c) dot += gro[c] * yo[c];
      for (int64_t c = 0; c < g.dim; ++c) gio[c] = yo[c] * (gro[c] - dot);
      continue;
    }
    // Channel-outer, position-inner loops keep the inner loop unit-stride for image inputs.
    std::fill(dots.begin(), dots.end(), T(0));
    for (int64_t c = 0; c < g.dim; ++c)
      for (int64_t s = 0; s < g.inner; ++s) dots[s] += gro[c * g.inner + s] * yo[c * g.inner + s];
    for (int64_t c = 0; c < g.dim; ++c)
      for (int64_t s = 0; s < g.inner; ++s)
        gio[c * g.inner + s] = yo[c * g.inner + s] * (gro[c * g.inner + s] - dots[s]);
  }
}

// SoftMin: softmax of the negated input; its gradient is SoftMax's (from the output), negated.
template <typename T>
void SoftMin<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  negated_.resize(input.shape());
  negated_.copyFrom(input);
  T* v = negated_.data();
  for (int64_t i = 0; i < negated_.numel(); ++i) v[i] = -v[i];
  SoftMax<T>::updateOutput(negated_, output);
}

template <typename T>
void SoftMin<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  SoftMax<T>::updateGradInput(input, gradOutput, gradInput);
  T* g = gradInput.data();
  for (int64_t i = 0; i < gradInput.numel(); ++i) g[i] = -g[i];
}

template class SoftMax<float>;
template class SoftMax<double>;
template class SoftMin<float>;
template class SoftMin<double>;

}  // namespace ringdl
