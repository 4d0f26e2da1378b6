// Add<T>: y = x + bias for a learnt bias [inputSize] (BigDL's Add): an input [inputSize], or a
// batch [N, ...] whose samples have inputSize elements (the bias added to each, flattened). Initially
// U(+-1/sqrt(inputSize)), as BigDL.
#pragma once

#include <vector>

#include "ringdl/nn/layers/linear/detail/scale_shift.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct AddOptions {
  int64_t inputSize = 0;
  template <typename V>
  void fields(V& v) {
    v("inputSize", inputSize, kRequired);
  }
};

template <typename T>
class Add : public ScaleShift<T> {
 public:
  explicit Add(int64_t inputSize) : Add(AddOptions{inputSize}) {}
  explicit Add(const AddOptions& options);
  explicit Add(const Attributes& a) : Add(optionsFrom<AddOptions>(a, "Add")) {}

  Attributes config() const override { return attributesOf(options_); }
  const AddOptions& options() const { return options_; }
  Tensor<T>& bias() { return this->bias_; }

 protected:
  typename ScaleShift<T>::Broadcast broadcastOf(const Tensor<T>& input) const override;

 private:
  AddOptions options_;
};

extern template class Add<float>;
extern template class Add<double>;

}  // namespace ringdl
