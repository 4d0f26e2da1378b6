// Mul<T>: y = weight * x for one learnt scalar weight (BigDL's Mul), any input. Initially U(-1, 1)
// (BigDL's U(+-1/sqrt(1))).
#pragma once

#include "ringdl/nn/layers/linear/detail/scale_shift.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct MulOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class Mul : public ScaleShift<T> {
 public:
  Mul() : Mul(MulOptions{}) {}
  explicit Mul(const MulOptions& options);
  explicit Mul(const Attributes& a) : Mul(optionsFrom<MulOptions>(a, "Mul")) {}

  Attributes config() const override { return attributesOf(options_); }
  const MulOptions& options() const { return options_; }
  Tensor<T>& weight() { return this->weight_; }

 protected:
  typename ScaleShift<T>::Broadcast broadcastOf(const Tensor<T>& input) const override;

 private:
  MulOptions options_;
};

extern template class Mul<float>;
extern template class Mul<double>;

}  // namespace ringdl
