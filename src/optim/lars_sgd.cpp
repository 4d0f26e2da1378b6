// LarsSGD<T>: per parameter tensor, the two norms in double, then one fused pass over its slice.
#include "ringdl/optim/lars_sgd.h"

#include <cmath>

namespace ringdl {

template <typename T>
LarsSGD<T>::LarsSGD(const LarsSGDOptions& options) : ConfiguredMethod<T, LarsSGDOptions>("LarsSGD", options) {
  const LarsSGDOptions& o = this->options_;
  RINGDL_CHECK(o.learningRate >= 0, "LarsSGD learning_rate must be >= 0, got ", o.learningRate);
  RINGDL_CHECK(o.learningRateDecay >= 0, "LarsSGD learning_rate_decay must be >= 0, got ",
               o.learningRateDecay);
  RINGDL_CHECK(o.weightDecay >= 0, "LarsSGD weight_decay must be >= 0, got ", o.weightDecay);
  RINGDL_CHECK(o.momentum >= 0 && o.momentum < 1, "LarsSGD momentum must be in [0, 1), got ", o.momentum);
  RINGDL_CHECK(o.trust > 0, "LarsSGD trust must be > 0, got ", o.trust);
}

template <typename T>
void LarsSGD<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  this->checkBuffers(weights, grads);
  const LarsSGDOptions& o = this->options_;
  const int64_t n = weights.numel();
  T* v = this->buffer("momentum", n).data();
  std::vector<ParamSpan> whole;
  const std::vector<ParamSpan>* spans = &layout_;
  if (layout_.empty()) {
    whole.push_back({"", 0, n});
    spans = &whole;
  }
  RINGDL_CHECK(spans->back().end == n, "LarsSGD was given a parameter layout of ", spans->back().end,
               " elements but buffers of ", n, "; call setParameterLayout with the layout of these buffers");
  const double lr = this->currentLearningRate(), wd = o.weightDecay;
  const T mom = static_cast<T>(o.momentum), wdT = static_cast<T>(wd);
  T* w = weights.data();
  const T* g = grads.data();
  for (const ParamSpan& span : *spans) {
    double ww = 0, gg = 0;
    for (int64_t i = span.begin; i < span.end; ++i) {
      ww += static_cast<double>(w[i]) * w[i];
      gg += static_cast<double>(g[i]) * g[i];
    }
    const double wNorm = std::sqrt(ww), gNorm = std::sqrt(gg);
    const double local = wNorm > 0 && gNorm > 0 ? o.trust * wNorm / (gNorm + wd * wNorm) : 1.0;
    const T rate = static_cast<T>(lr * local);
    for (int64_t i = span.begin; i < span.end; ++i) {
      v[i] = mom * v[i] + rate * (g[i] + wdT * w[i]);
      w[i] -= v[i];
    }
  }
  ++this->state_.step;
}

template class LarsSGD<float>;
template class LarsSGD<double>;

}  // namespace ringdl
