// Small tensor steps of the Transformer layers' residual connections (layers/attention/).
#pragma once

#include "ringdl/nn/activity.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl::detail {

/// out = a + b, elementwise (same number of elements; out takes a's shape).
template <typename T>
void addTo(Tensor<T>& out, const Tensor<T>& a, const Tensor<T>& b) {
  const Tensor<T> ac = a.contiguous(), bc = b.contiguous();
  out.resize(ac.shape());
  const T* x = ac.data();
  const T* y = bc.data();
  T* o = out.data();
  for (int64_t i = 0; i < ac.numel(); ++i) o[i] = x[i] + y[i];
}

/// The gradient of a self-attention's input from its gradInput: a Tensor (x given alone) or the sum of the
/// Table's query, key and value entries (x given three times, with a mask).
template <typename T>
void selfAttentionGrad(Tensor<T>& out, const Activity<T>& g) {
  if (g.isTensor()) {
    out = g.toTensor().clone();  // the caller adds into it: not the attention's own buffer
    return;
  }
  addTo(out, g.toTable()[0].toTensor(), g.toTable()[1].toTensor());
  const Tensor<T> v = g.toTable()[2].toTensor().contiguous();
  for (int64_t i = 0; i < out.numel(); ++i) out.data()[i] += v.data()[i];
}

}  // namespace ringdl::detail
