// Ftrl<T>: FTRL-Proximal per element, one pass over the flat buffers per update; the accumulator's powers in
// double.
#include "ringdl/optim/ftrl.h"

#include <cmath>

namespace ringdl {

template <typename T>
Ftrl<T>::Ftrl(const FtrlOptions& options) : ConfiguredMethod<T, FtrlOptions>("Ftrl", options) {
  const FtrlOptions& o = this->options_;
  RINGDL_CHECK(o.learningRate > 0, "Ftrl learning_rate must be > 0, got ", o.learningRate);
  RINGDL_CHECK(o.learningRatePower <= 0, "Ftrl learning_rate_power must be <= 0, got ", o.learningRatePower);
  RINGDL_CHECK(o.initialAccumulatorValue >= 0, "Ftrl initial_accumulator_value must be >= 0, got ",
               o.initialAccumulatorValue);
  RINGDL_CHECK(o.l1RegularizationStrength >= 0, "Ftrl l1_regularization_strength must be >= 0, got ",
               o.l1RegularizationStrength);
  RINGDL_CHECK(o.l2RegularizationStrength >= 0, "Ftrl l2_regularization_strength must be >= 0, got ",
               o.l2RegularizationStrength);
  RINGDL_CHECK(o.l2ShrinkageRegularizationStrength >= 0,
               "Ftrl l2_shrinkage_regularization_strength must be >= 0, got ",
               o.l2ShrinkageRegularizationStrength);
}

template <typename T>
void Ftrl<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  this->checkBuffers(weights, grads);
  const FtrlOptions& o = this->options_;
  const int64_t n = weights.numel();
  T* accum = this->buffer("accumulator", n, static_cast<T>(o.initialAccumulatorValue)).data();
  T* linear = this->buffer("linear", n).data();
  const double lr = this->currentLearningRate(), l1 = o.l1RegularizationStrength, l2 = o.l2RegularizationStrength;
  const double shrink = 2 * o.l2ShrinkageRegularizationStrength, p = -o.learningRatePower;
  // n^p; the square root for the usual p = 0.5 (exact, and much faster than pow).
  auto power = [p](double x) { return p == 0.5 ? std::sqrt(x) : std::pow(x, p); };
  T* w = weights.data();
  const T* g = grads.data();
  for (int64_t i = 0; i < n; ++i) {
    const double gi = g[i], wi = w[i];
    const double oldAccum = accum[i], newAccum = oldAccum + gi * gi;
    const double sigma = (power(newAccum) - power(oldAccum)) / lr;
    const double z = static_cast<double>(linear[i]) + gi + shrink * wi - sigma * wi;
    const double quadratic = power(newAccum) / lr + 2 * l2;
    accum[i] = static_cast<T>(newAccum);
    linear[i] = static_cast<T>(z);
    w[i] = std::abs(z) > l1 && quadratic > 0 ? static_cast<T>(((z > 0 ? l1 : -l1) - z) / quadratic) : T(0);
  }
  ++this->state_.step;
}

template class Ftrl<float>;
template class Ftrl<double>;

}  // namespace ringdl
